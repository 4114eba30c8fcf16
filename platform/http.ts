/**
 * A small node:http integration for Apollo Server 5 (which ships none besides standalone):
 * GraphQL at /graphql plus a few plain routes (health, readiness, metrics, landing page).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';

export interface PlainResponse {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

export type Route = (request: IncomingMessage) => Promise<PlainResponse>;

/** A GraphQL response, complete, before it is sent. */
export interface CompletedResponse {
  status: number;
  headers: Map<string, string>;
  body: string;
}

export interface HttpOptions<TContext extends BaseContext> {
  readonly apollo: ApolloServer<TContext>;
  readonly context: (request: IncomingMessage) => Promise<TContext>;
  /** Plain GET routes by path (`/healthz`, `/readyz`, `/metrics`, `/`). */
  readonly routes?: Readonly<Record<string, Route>>;
  readonly maxBodyBytes: number;
  /**
   * Runs for every request to /graphql after it is answered and before a byte is sent; may
   * replace the answer (the gateway's audit trail fails closed here). `parsed` is the body.
   */
  readonly beforeSend?: (
    request: IncomingMessage,
    response: CompletedResponse,
    parsed: unknown,
  ) => Promise<CompletedResponse>;
}

class BodyTooLarge extends Error {}

async function readBody(request: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      throw new BodyTooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function jsonError(status: number, code: string, message: string): CompletedResponse {
  return {
    status,
    headers: new Map([['content-type', 'application/json; charset=utf-8']]),
    body: JSON.stringify({ errors: [{ message, extensions: { code } }] }),
  };
}

function send(response: ServerResponse, completed: CompletedResponse): void {
  for (const [key, value] of completed.headers) {
    response.setHeader(key, value);
  }
  response.statusCode = completed.status;
  response.end(completed.body);
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (raw === '') {
    return undefined;
  }
  if (contentType?.toLowerCase().includes('json')) {
    try {
      return JSON.parse(raw);
    } catch {
      return raw;
    }
  }
  return raw;
}

export function createHttpHandler<TContext extends BaseContext>(options: HttpOptions<TContext>) {
  const execute = async (
    request: IncomingMessage,
    url: URL,
  ): Promise<[CompletedResponse, unknown]> => {
    let parsed: unknown;
    try {
      const raw = await readBody(request, options.maxBodyBytes);
      parsed = parseBody(raw, request.headers['content-type']);
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(request.headers)) {
        if (value !== undefined) {
          headers.set(key, Array.isArray(value) ? value.join(', ') : value);
        }
      }
      const result = await options.apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: {
          method: (request.method ?? 'GET').toUpperCase(),
          headers,
          search: url.search,
          body: parsed,
        },
        context: () => options.context(request),
      });
      let body: string;
      if (result.body.kind === 'complete') {
        body = result.body.string;
      } else {
        body = '';
        for await (const chunk of result.body.asyncIterator) {
          body += chunk;
        }
      }
      return [{ status: result.status ?? 200, headers: new Map(result.headers), body }, parsed];
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        const message = `Request body exceeds ${options.maxBodyBytes} bytes`;
        return [jsonError(413, 'PAYLOAD_TOO_LARGE', message), parsed];
      }
      return [jsonError(500, 'INTERNAL_SERVER_ERROR', 'Internal server error'), parsed];
    }
  };

  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    try {
      const route = options.routes?.[url.pathname];
      if (route && (request.method === 'GET' || request.method === 'HEAD')) {
        const plain = await route(request);
        response.writeHead(plain.status, { 'content-type': plain.contentType });
        response.end(request.method === 'HEAD' ? undefined : plain.body);
        return;
      }
      if (url.pathname !== '/graphql') {
        send(response, jsonError(404, 'NOT_FOUND', `No route for ${url.pathname}`));
        return;
      }
      const [completed, parsed] = await execute(request, url);
      send(
        response,
        options.beforeSend ? await options.beforeSend(request, completed, parsed) : completed,
      );
    } catch {
      if (!response.headersSent) {
        send(response, jsonError(500, 'INTERNAL_SERVER_ERROR', 'Internal server error'));
      } else {
        response.destroy();
      }
    }
  };
}

/** Starts listening; resolves with the server and the port it got (useful with port 0). */
export async function listen(
  handler: ReturnType<typeof createHttpHandler>,
  port: number,
  host: string,
): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => void handler(req, res));
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    server,
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
