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

export interface LoggerOptions {
  /**
   * `pretty`: one readable coloured line per entry (pino-pretty), `json`: JSON lines, `auto`
   * (default): pretty on a terminal outside production, JSON otherwise (log shippers, files).
   */
  readonly format?: 'auto' | 'pretty' | 'json';
  readonly production?: boolean;
}

/** Whether `options` ask for readable lines on this process's stdout. */
function pretty(options: LoggerOptions): boolean {
  const format = options.format ?? 'json';
  if (format === 'auto') {
    return !options.production && Boolean(process.stdout.isTTY);
  }
  return format === 'pretty';
}

export function createLogger(level: string, name: string, options: LoggerOptions = {}): Logger {
  const destination = pretty(options)
    ? /* eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only for a terminal */
      (require('pino-pretty') as typeof import('pino-pretty'))({
        colorize: true,
        sync: true,
        translateTime: 'HH:MM:ss.l',
        singleLine: true,
        ignore: 'pid,hostname',
      })
    : undefined;
  const settings = {
    name,
    level,
    mixin: requestFields,
    redact: {
      paths: ['req.headers.authorization', 'req.headers["x-hub-context"]', '*.password'],
      censor: '***',
    },
  };
  return destination ? pino<never>(settings, destination) : pino<never>(settings);
}
