/**
 * What an operator sees of each gateway request once it is answered: one log line (request id,
 * operation, outcome, status, duration, the subgraph calls it made) and the request metrics per
 * operation. Both after the audit record, so the outcome is the one the trail holds.
 */
import type { FastifyInstance } from 'fastify';

import type { Logger } from '../platform/logger.js';
import { graphqlDuration, graphqlRequests, type OperationLabels } from '../platform/metrics.js';

import type { RequestState } from './request-state.js';

const MAX_LOGGED_NAME = 200;

/** The operation as the request named it: resolved when it got that far, else as sent. */
function operationName(state: RequestState, sent: unknown): string | null | undefined {
  const resolved = state.context?.resolved.operation;
  if (resolved) {
    return resolved.name;
  }
  return typeof sent === 'string' ? sent.slice(0, MAX_LOGGED_NAME) : undefined;
}

function sentOperationName(body: unknown, query: unknown): unknown {
  const source = (body ?? query) as { operationName?: unknown } | null;
  return source && typeof source === 'object' ? source.operationName : undefined;
}

export function observeRequests(
  app: FastifyInstance,
  options: { readonly logger: Logger; readonly operations: OperationLabels },
): void {
  app.addHook('onResponse', async (request, reply) => {
    const state = request.hub;
    if (!state) {
      return;
    }
    const seconds = (performance.now() - state.started) / 1000;
    const name = operationName(state, sentOperationName(request.body, request.query));
    const outcome = state.outcome ?? 'ERROR';
    const label = options.operations.of(state.context?.resolved.operation ? name : undefined);
    graphqlRequests.inc({ server: 'gateway', operation: label, outcome });
    graphqlDuration.observe({ server: 'gateway', operation: label }, seconds);
    options.logger.info(
      {
        requestId: state.requestId,
        ...(state.clientRequestId ? { clientRequestId: state.clientRequestId } : {}),
        operation: name ?? null,
        operationType: state.context?.resolved.operation?.type ?? null,
        outcome,
        status: reply.statusCode,
        durationMs: Math.round(seconds * 10_000) / 10,
        subgraphCalls: state.context?.subgraphCalls ?? [],
      },
      'request',
    );
  });
}
