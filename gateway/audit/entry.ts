/**
 * One audit record per gateway request, built from what the request left behind: the caller
 * (when verified), the stated purpose, the operation, what the access layer decided, which
 * records the subgraphs returned, and the HTTP outcome.
 */
import type { GatewayContext } from '../context.js';

export type Outcome = 'OK' | 'PARTIAL' | 'DENIED' | 'ERROR';

/** Column names as the audit store's `access_log` has them (read by audit.append). */
export interface AuditRow {
  at: string;
  request_id: string;
  sub: string | null;
  agency: string | null;
  province: string | null;
  roles: string[];
  purpose: string | null;
  purpose_reference: string | null;
  client_address: string | null;
  operation_name: string | null;
  operation_type: string | null;
  document_hash: string | null;
  variables: unknown;
  fields_requested: string[];
  fields_denied: unknown[];
  records_accessed: unknown[];
  outcome: Outcome;
  http_status: number;
  duration_ms: number;
  error_codes: string[];
}

/** What the gateway knows of a request from its first byte on (kept per request). */
export interface AuditDraft {
  readonly requestId: string;
  readonly startedAt: Date;
  readonly started: number;
  readonly clientAddress: string;
  context?: GatewayContext;
  /** The x-purpose header as sent, when it could not be parsed. */
  rawPurpose?: string;
}

interface GraphQLBody {
  data?: unknown;
  errors?: { extensions?: { code?: unknown } }[];
}

const MAX_VARIABLES_BYTES = 16_384;

function outcomeOf(status: number, body: GraphQLBody | undefined, codes: string[]): Outcome {
  if (status === 401 || status === 403) {
    return 'DENIED';
  }
  if (status >= 400 || !body) {
    return 'ERROR';
  }
  const hasData = body.data !== null && body.data !== undefined;
  if (!body.errors?.length) {
    return 'OK';
  }
  if (!hasData) {
    return codes.every((code) => code === 'UNAUTHORIZED_FIELD_OR_TYPE') ? 'DENIED' : 'ERROR';
  }
  return 'PARTIAL';
}

function boundedVariables(variables: unknown): unknown {
  if (variables === undefined || variables === null) {
    return null;
  }
  const text = JSON.stringify(variables);
  return text.length <= MAX_VARIABLES_BYTES ? variables : { truncated: true, bytes: text.length };
}

export function buildAuditRow(
  draft: AuditDraft,
  request: { operationName?: unknown; variables?: unknown; documentHash?: string },
  response: { status: number; body: string },
): AuditRow {
  let body: GraphQLBody | undefined;
  try {
    body = JSON.parse(response.body) as GraphQLBody;
  } catch {
    body = undefined;
  }
  const codes = [
    ...new Set(
      (body?.errors ?? []).map((e) =>
        typeof e.extensions?.code === 'string' ? e.extensions.code : 'UNKNOWN',
      ),
    ),
  ];
  const context = draft.context;
  const principal = context?.principal;
  const operation = context?.resolved.operation;
  const records = new Map(
    (context?.accessed ?? []).map((r) => [`${r.type}:${r.id}`, { type: r.type, id: r.id }]),
  );
  return {
    at: draft.startedAt.toISOString(),
    request_id: draft.requestId,
    sub: principal?.sub ?? null,
    agency: principal?.agency ?? null,
    province: principal?.province ?? null,
    roles: [...(principal?.roles ?? [])],
    purpose: context?.purpose?.code ?? draft.rawPurpose?.slice(0, 64) ?? null,
    purpose_reference: context?.purpose?.reference ?? null,
    client_address: draft.clientAddress,
    operation_name:
      operation?.name ??
      (typeof request.operationName === 'string' ? request.operationName.slice(0, 200) : null),
    operation_type: operation?.type ?? null,
    document_hash: operation?.documentHash ?? request.documentHash ?? null,
    variables: boundedVariables(request.variables),
    fields_requested: [...(context?.access.requested ?? [])],
    fields_denied: (context?.access.denied ?? []).map((d) => ({
      path: d.path,
      coordinate: d.coordinate,
      reason: d.reason,
    })),
    records_accessed: [...records.values()],
    outcome: outcomeOf(response.status, body, codes),
    http_status: response.status,
    duration_ms: Math.round((performance.now() - draft.started) * 1000) / 1000,
    error_codes: codes,
  };
}
