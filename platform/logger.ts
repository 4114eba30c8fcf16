/** Structured JSON logs (pino); one logger per process, children per component. */
import { AsyncLocalStorage } from 'node:async_hooks';

import { trace } from '@opentelemetry/api';
import { pino, type Logger } from 'pino';

export type { Logger };

/** What every log line written while serving a request carries (set by platform/http.ts). */
export interface LogContext {
  /** The hub's request id: the gateway's own, carried to the subgraphs it calls. */
  requestId?: string;
}

/**
 * The request a line is logged for, whatever code logs it (formatError, a pool error, the
 * audit trail): an error line then always names its request.
 */
export const logContext = new AsyncLocalStorage<LogContext>();

/** Request id and, when tracing is on, the trace and span the line belongs to. */
function requestFields(): Record<string, string> {
  const fields: Record<string, string> = {};
  const requestId = logContext.getStore()?.requestId;
  if (requestId) {
    fields.requestId = requestId;
  }
  const span = trace.getActiveSpan()?.spanContext();
  if (span && span.traceFlags !== 0) {
    fields.traceId = span.traceId;
    fields.spanId = span.spanId;
  }
  return fields;
}

export function createLogger(level: string, name: string): Logger {
  return pino({
    name,
    level,
    mixin: requestFields,
    redact: {
      paths: ['req.headers.authorization', 'req.headers["x-hub-context"]', '*.password'],
      censor: '***',
    },
  });
}
