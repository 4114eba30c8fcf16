/**
 * One audit record per gateway request, built from what the request left behind: the caller
 * (whenever the token was valid), the stated purpose, the operation, what the access layer
 * decided, which records the subgraphs returned, and the HTTP outcome. Every text is escaped
 * (schema/audit-row.ts) so any value a client sends can be stored.
 */
import {
  escapeStored,
  type AuditRow,
  type Outcome,
  type ValueHasher,
} from '../../schema/audit-row.js';
import { ERROR_CODES } from '../../schema/errors.js';
import type { RequestState } from '../request-state.js';

import { auditVariables } from './variables.js';

/** What the request carried, as far as it was read (body or query string). */
export interface RequestFacts {
  readonly operationName?: unknown;
  readonly variables?: unknown;
  readonly query?: unknown;
}

interface GraphQLBody {
  data?: unknown;
  errors?: { extensions?: { code?: unknown } }[];
}

const MAX_OPERATION_NAME = 200;

function outcomeOf(status: number, body: GraphQLBody | undefined, codes: string[]): Outcome {
  if (status === 401 || status === 403) {
    return 'DENIED';
  }
  if (status >= 400 || !body) {
    return 'ERROR';
  }
  const hasData = body.data !== null && body.data !== undefined;
  if (!body.errors?.length) {
    return hasData ? 'OK' : 'ERROR';
  }
  if (!hasData) {
    return codes.every((code) => code === ERROR_CODES.UNAUTHORIZED_FIELD_OR_TYPE)
      ? 'DENIED'
      : 'ERROR';
  }
  return 'PARTIAL';
}

/**
 * What the outcome needs of the answer. An answer with data and no `"errors"` key anywhere in
 * its text is read without parsing it (the gateway's own JSON: an object member is written
 * `"errors":`, and a string holding that text escapes its quotes); anything else is parsed.
 */
function parsedBody(payload: string): GraphQLBody | undefined {
  if (payload.startsWith('{"data":{') && !payload.includes('"errors"')) {
    return { data: true };
  }
  try {
    const body = JSON.parse(payload) as unknown;
    return body && typeof body === 'object' ? (body as GraphQLBody) : undefined;
  } catch {
    return undefined;
  }
}

function text(value: unknown, max: number): string | null {
  return typeof value === 'string' ? escapeStored(value.slice(0, max)) : null;
}

/** The columns every record of a request shares (the write-ahead one and the final one). */
function commonColumns(
  state: RequestState,
  request: RequestFacts,
  hash: ValueHasher,
): Omit<AuditRow, 'outcome' | 'http_status' | 'duration_ms' | 'error_codes' | 'records_accessed'> {
  const context = state.context;
  const principal = state.principal;
  const operation = context?.resolved.operation;
  const { variables, valueHashes } = auditVariables(
    request.variables,
    operation?.variableTypes,
    hash,
    operation?.literals,
  );
  const rawQuery = typeof request.query === 'string' ? request.query : undefined;
  return {
    request_id: state.requestId,
    client_request_id: state.clientRequestId,
    sub: principal ? escapeStored(principal.sub) : null,
    agency: principal ? escapeStored(principal.agency) : null,
    province: principal ? escapeStored(principal.province) : null,
    roles: principal ? principal.roles.map(escapeStored) : [],
    scopes: principal ? principal.scopes.map(escapeStored) : [],
    purpose: state.purpose?.code ?? text(state.rawPurpose, 64),
    purpose_reference: state.purpose?.reference ? escapeStored(state.purpose.reference) : null,
    client_address: text(state.clientAddress, 64),
    operation_name: operation?.name ?? text(request.operationName, MAX_OPERATION_NAME),
    operation_type: operation?.type ?? null,
    // A document that never resolved is hashed with the hub's key: its text may hold values.
    document_hash: operation?.documentHash ?? (rawQuery === undefined ? null : hash(rawQuery)),
    variables,
    value_hashes: valueHashes,
    fields_requested: [...(context?.access.requested ?? [])],
    fields_denied: (context?.access.denied ?? []).map((d) => ({
      path: [...d.path],
      coordinate: d.coordinate,
      reason: d.reason,
    })),
  };
}

/** The final record: what was answered. */
export function buildAuditRow(
  state: RequestState,
  request: RequestFacts,
  response: { status: number; payload: string },
  hash: ValueHasher,
): AuditRow {
  const body = parsedBody(response.payload);
  const codes = [
    ...new Set(
      (body?.errors ?? []).map((e) =>
        typeof e.extensions?.code === 'string'
          ? escapeStored(e.extensions.code.slice(0, 64))
          : 'UNKNOWN',
      ),
    ),
  ];
  const records = new Map(
    (state.context?.accessed ?? []).map((r) => [
      `${r.type}:${r.id}`,
      { type: escapeStored(r.type), id: escapeStored(r.id) },
    ]),
  );
  return {
    ...commonColumns(state, request, hash),
    records_accessed: [...records.values()],
    outcome: outcomeOf(response.status, body, codes),
    http_status: response.status,
    duration_ms: Math.round((performance.now() - state.started) * 1000) / 1000,
    error_codes: codes,
  };
}

/** The write-ahead record of a mutation, committed before it runs. */
export function buildWriteAheadRow(
  state: RequestState,
  request: RequestFacts,
  hash: ValueHasher,
): AuditRow {
  return {
    ...commonColumns(state, request, hash),
    records_accessed: [],
    outcome: 'PENDING',
    http_status: 0,
    duration_ms: Math.round((performance.now() - state.started) * 1000) / 1000,
    error_codes: [],
  };
}
