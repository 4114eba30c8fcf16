/**
 * The audit trail on the gateway's HTTP layer. Every request — to the GraphQL endpoint with any
 * method, refused or answered, oversize or malformed, and any other request but a plain read of
 * a page or an operational route (a 404, a malformed target, a bad Host, bytes the HTTP parser
 * refused) — gets exactly one final record, committed before a byte of the answer leaves
 * (fastify `onSend`): no record, no data. A mutation also gets a write-ahead record, committed
 * before it runs, so no write happens without a record. When the store cannot be written the
 * caller gets 503 AUDIT_UNAVAILABLE instead.
 */
import { randomUUID } from 'node:crypto';

import type { FastifyInstance, FastifyRequest } from 'fastify';

import { errorBody, JSON_TYPE, type ClientRefusal } from '../../platform/http.js';
import type { Logger } from '../../platform/logger.js';
import type { ValueHasher } from '../../schema/audit-row.js';
import { ERROR_CODES } from '../../schema/errors.js';
import type { TokenSettings } from '../auth/authenticate.js';
import { openRequestState, type RequestState } from '../request-state.js';

import { buildAuditRow, buildWriteAheadRow, type RequestFacts } from './entry.js';
import type { AuditRecorder } from './recorder.js';

export interface AuditTrailOptions {
  readonly recorder: AuditRecorder;
  readonly hash: ValueHasher;
  readonly logger: Logger;
  /** How a request's caller is read when the trail opens its record late (a refusal). */
  readonly token: TokenSettings;
  /** The GraphQL endpoint (always audited, whatever the method). */
  readonly graphqlPath: string;
}

/**
 * Routes whose answers are made of the gateway's own GraphQL requests (the console's export):
 * each of those is recorded, so the route's request is not recorded again — unless it is
 * answered before it relayed anything (a malformed form, a body too large).
 */
const RELAYING_ROUTES = new Set(['/console/export']);
const relayed = new WeakSet<FastifyRequest>();

/** Whether the request's route relays (its record, if any, is opened when it answers). */
export function relaysRequests(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  return route !== undefined && RELAYING_ROUTES.has(route) && !request.is404;
}

/** This request's answer comes from GraphQL requests the trail records: no record of its own. */
export function markRelayed(request: FastifyRequest): void {
  relayed.add(request);
}

/**
 * Whether a request gets a record: all but a plain read (GET, HEAD) of a route the gateway
 * serves besides GraphQL (its pages, /healthz, /readyz, /metrics), and a relaying route's
 * request once it relayed.
 */
export function isAudited(request: FastifyRequest, graphqlPath: string): boolean {
  if (relaysRequests(request)) {
    return !relayed.has(request);
  }
  const route = request.routeOptions.url;
  return (
    route === graphqlPath ||
    route === undefined ||
    !(request.method === 'GET' || request.method === 'HEAD') ||
    request.is404
  );
}

function jsonOrText(value: unknown): unknown {
  if (typeof value !== 'string') {
    return value;
  }
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** What the request carried: the JSON body, or for GET the query string. */
export function requestFacts(request: FastifyRequest): RequestFacts {
  const source = request.method === 'GET' ? request.query : request.body;
  if (!source || typeof source !== 'object' || Array.isArray(source)) {
    return {};
  }
  const { query, operationName, variables } = source as Record<string, unknown>;
  return {
    query,
    operationName,
    variables: request.method === 'GET' ? jsonOrText(variables) : variables,
  };
}

function payloadText(payload: unknown): string {
  if (typeof payload === 'string') {
    return payload;
  }
  return Buffer.isBuffer(payload) ? payload.toString('utf8') : '';
}

export const AUDIT_UNAVAILABLE_MESSAGE =
  'The audit trail cannot be written, so no data is released; try again shortly';

/** Records every answer of the routes whose requests carry a {@link RequestState}. */
export function useAuditTrail(app: FastifyInstance, options: AuditTrailOptions): void {
  app.addHook('onSend', async (request, reply, payload) => {
    // A request refused before the gateway's own hooks ran (malformed target, bad Host, a
    // framework error) is read now: refused early is no reason to go unrecorded.
    if (!request.hub && isAudited(request, options.graphqlPath)) {
      request.hub = await openRequestState(request, options.token);
    }
    const state = request.hub;
    if (!state) {
      return payload;
    }
    void reply.header('x-request-id', state.requestId);
    try {
      const row = buildAuditRow(
        state,
        requestFacts(request),
        { status: reply.statusCode, payload: payloadText(payload) },
        options.hash,
      );
      await options.recorder.record(row);
      state.outcome = row.outcome;
      return payload;
    } catch (error) {
      state.outcome = ERROR_CODES.AUDIT_UNAVAILABLE;
      options.logger.error(
        { err: error, requestId: state.requestId },
        'audit trail unavailable: response withheld',
      );
      void reply.code(503).header('retry-after', '5').type(JSON_TYPE);
      const message = state.wroteAhead
        ? `The mutation ran (write-ahead record ${state.requestId}) but its outcome could not be recorded, so its answer is withheld; check before repeating it`
        : AUDIT_UNAVAILABLE_MESSAGE;
      return errorBody(ERROR_CODES.AUDIT_UNAVAILABLE, message);
    }
  });
}

/** The write-ahead step of one request: commits its PENDING record before a mutation runs. */
export function writeAheadFor(
  request: FastifyRequest,
  state: RequestState,
  options: AuditTrailOptions,
): () => Promise<void> {
  return async () => {
    await options.recorder.record(buildWriteAheadRow(state, requestFacts(request), options.hash));
    state.wroteAhead = true;
  };
}

/**
 * Records a request fastify's router refused before the request's hooks (a path that does not
 * percent-decode): its headers were read, so the caller is recorded whenever the token is valid.
 */
export function recordRoutingRefusal(
  options: AuditTrailOptions,
): (request: FastifyRequest, refusal: ClientRefusal) => Promise<void> {
  return async (request, refusal) => {
    const state = await openRequestState(request, options.token);
    request.hub = state;
    await options.recorder.record(
      buildAuditRow(state, {}, { status: refusal.status, payload: refusal.body }, options.hash),
    );
  };
}

/** Records a request Node's HTTP parser refused (no caller can be read: nothing was parsed). */
export function recordClientRefusal(
  options: AuditTrailOptions,
): (refusal: ClientRefusal) => Promise<void> {
  return async (refusal) => {
    const state: RequestState = {
      requestId: randomUUID(),
      clientRequestId: null,
      startedAt: new Date(),
      started: performance.now(),
      clientAddress: refusal.clientAddress ?? '',
    };
    await options.recorder.record(
      buildAuditRow(state, {}, { status: refusal.status, payload: refusal.body }, options.hash),
    );
  };
}
