/**
 * Load from autocannon: a fixed number of keep-alive connections, each sending its next
 * request as soon as the last one is answered, every request with the operation's next
 * variables. Latencies are taken from autocannon's per-response event (fractional
 * milliseconds; its own histogram keeps whole milliseconds only).
 */
import autocannon from 'autocannon';

import { percentile } from './database.js';
import type { Operation } from './operations.js';

export interface LoadResult {
  readonly requests: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  /** Connection errors, timeouts, non-2xx answers and answers carrying GraphQL errors. */
  readonly failures: number;
  /** The first failing answer seen, for the report. */
  readonly firstFailure?: string;
}

export interface LoadOptions {
  readonly url: string;
  readonly operation: Operation;
  readonly token: string;
  readonly connections: number;
  readonly seconds: number;
}

export async function drive(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  let graphqlErrors = 0;
  let firstFailure: string | undefined;
  let finish: (error: Error | null, result: autocannon.Result) => void = () => undefined;
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finish = (error, result) => (error ? reject(error) : resolve(result));
  });
  const instance = autocannon(
    {
      url: options.url,
      method: 'POST',
      connections: options.connections,
      duration: options.seconds,
      timeout: 30,
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${options.token}`,
        'x-purpose': options.operation.purpose,
      },
      requests: [
        {
          setupRequest: (request) => ({ ...request, body: options.operation.nextBody() }),
          onResponse: (status, body) => {
            if (status !== 200 || body.includes('"errors"')) {
              graphqlErrors += status === 200 ? 1 : 0;
              firstFailure ??= `${status} ${body.slice(0, 300)}`;
            }
          },
        },
      ],
    },
    (error, result) => finish(error, result),
  );
  instance.on('response', (...args: unknown[]) => {
    // (client, statusCode, resBytes, responseTime)
    latencies.push(args[3] as number);
  });
  const result = await done;
  const requests = result['2xx'];
  return {
    requests,
    seconds: result.duration,
    perSecond: requests / result.duration,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    failures: result.errors + result.non2xx + graphqlErrors,
    firstFailure,
  };
}

/** One request, for checks: the parsed answer. */
export async function ask(
  url: string,
  operation: Operation,
  token: string,
  body: string = operation.nextBody(),
): Promise<{ status: number; body: { data?: unknown; errors?: unknown[] } }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'x-purpose': operation.purpose,
    },
    body,
  });
  return { status: response.status, body: (await response.json()) as { data?: unknown } };
}
