/**
 * The HTTP layer of every hub server (gateway and subgraphs), on fastify: body limits, content
 * types, security headers, request ids, and one error shape — GraphQL-style JSON with a stable
 * `extensions.code` — for every refusal. Nothing a client sends can throw past a request:
 * Node's parser answers malformed request lines (400), fastify answers framework errors
 * (bad URL, bad content type, oversize body), and the last-resort handler logs an unexpected
 * error with its request id, answers 500 and keeps serving.
 */
import { AsyncResource } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { ServerResponse, STATUS_CODES, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

import { fastifyHelmet } from '@fastify/helmet';
import {
  fastify,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';

import { ERROR_CODES } from '../schema/errors.js';

import { logContext, type LogContext, type Logger } from './logger.js';
import { limitRefusals } from './metrics.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The body exactly as received (JSON requests): what the internal context's hash covers. */
    rawBody?: string;
    /** What this request's log lines carry (a subgraph sets the gateway's request id here). */
    logContext?: LogContext;
  }
}

export interface HttpServerOptions {
  readonly logger: Logger;
  /** Largest request body accepted; larger ones answer 413 PAYLOAD_TOO_LARGE. */
  readonly bodyLimit: number;
  /**
   * Told of a request Node's HTTP parser refused before fastify saw it (a malformed request
   * line, oversize headers, a timeout); the refusal is answered once this settles.
   */
  readonly onClientError?: (refusal: ClientRefusal) => Promise<void>;
  /**
   * Told of a request fastify's router refused before any hook ran (a path that does not
   * percent-decode, a parameter too long): no `onRequest`/`onSend` hook sees it, so whoever
   * audits requests hears of it here. The refusal is answered once this settles.
   */
  readonly onRoutingRefusal?: (request: FastifyRequest, refusal: ClientRefusal) => Promise<void>;
}

/** Framework errors fastify raises while routing, before (and without) the request's hooks. */
const ROUTING_ERRORS: ReadonlySet<string> = new Set([
  'FST_ERR_BAD_URL',
  'FST_ERR_MAX_PARAM_LENGTH',
  'FST_ERR_ASYNC_CONSTRAINT',
]);

/**
 * Answers a framework error in the hub's shape. One raised while routing never reaches the
 * hooks, so `onRoutingRefusal` hears of it first (a failure there still answers the refusal).
 */
function answerFrameworkError(
  options: HttpServerOptions,
): (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => void {
  return (error, request, reply) => {
    const refusal = refusalOf(error, options.bodyLimit);
    const report = options.onRoutingRefusal;
    if (!report || !ROUTING_ERRORS.has(error.code)) {
      void refuse(reply, refusal);
      return;
    }
    const body = errorBody(refusal.code, refusal.message);
    void report(request, { ...refusal, body, clientAddress: request.raw.socket?.remoteAddress })
      .catch(() => undefined)
      .finally(() => void refuse(reply, refusal));
  };
}

/** A request refused by the HTTP parser: what the client is answered, and who sent it. */
export interface ClientRefusal {
  readonly status: number;
  readonly code: string;
  readonly message: string;
  readonly body: string;
  readonly clientAddress: string | undefined;
}

export const JSON_TYPE = 'application/json; charset=utf-8';

/** The error body every refusal answers with. */
export function errorBody(code: string, message: string): string {
  return JSON.stringify({ errors: [{ message, extensions: { code } }] });
}

interface Refusal {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/** What a framework error means for the caller (status, stable code, message). */
export function refusalOf(error: FastifyError, bodyLimit: number): Refusal {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        status: 413,
        code: ERROR_CODES.PAYLOAD_TOO_LARGE,
        message: `Request body exceeds ${bodyLimit} bytes`,
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        code: ERROR_CODES.UNSUPPORTED_MEDIA_TYPE,
        message: 'Send GraphQL requests as application/json',
      };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: ERROR_CODES.BAD_REQUEST, message: 'Body is not valid JSON' };
    default:
      break;
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return { status, code: ERROR_CODES.BAD_REQUEST, message: 'Malformed request' };
  }
  return { status: 500, code: ERROR_CODES.INTERNAL_SERVER_ERROR, message: 'Internal server error' };
}

function refuse(reply: FastifyReply, refusal: Refusal): FastifyReply {
  if (refusal.code === ERROR_CODES.PAYLOAD_TOO_LARGE) {
    limitRefusals.inc({ limit: 'body_bytes' });
  }
  return reply.code(refusal.status).type(JSON_TYPE).send(errorBody(refusal.code, refusal.message));
}

/** Strict CSP for every page: nothing inline, nothing from another origin (offline networks). */
const CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
};

/** JSON bodies parsed as fastify does (prototype poisoning refused), the raw text kept. */
function keepRawJson(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  // JSON only: text/plain would let a browser form post cross-site without a preflight.
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    request.rawBody = body as string;
    parseJson(request, body as string, done);
  });
}

/**
 * Refused before any handler parses them: a target that is not a path (`*`, absolute
 * URLs: the hub is no proxy), a target or Host that cannot form a URL, several Hosts.
 */
function refuseMalformedTargets(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    const hosts = request.raw.rawHeaders.filter((name, i) => i % 2 === 0 && /^host$/i.test(name));
    if (
      !request.url.startsWith('/') ||
      hosts.length > 1 ||
      !URL.canParse(request.url, `${request.protocol}://${request.hostname}/`)
    ) {
      return refuse(reply, {
        status: 400,
        code: ERROR_CODES.BAD_REQUEST,
        message: 'Malformed request target or Host',
      });
    }
    return undefined;
  });
}

/** What the parser's refusal means for the client, in the hub's error shape. */
function clientRefusal(error: Error & { code?: string }, socket: Socket): ClientRefusal {
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, ERROR_CODES.BAD_REQUEST, 'Request headers are too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, ERROR_CODES.BAD_REQUEST, 'The request took too long to arrive']
        : [400, ERROR_CODES.BAD_REQUEST, 'Malformed HTTP request'];
  return {
    status,
    code,
    message,
    body: errorBody(code, message),
    clientAddress: socket.remoteAddress,
  };
}

/**
 * Node's parser refused the bytes: answer in the hub's error shape (as every other refusal),
 * after telling `onClientError`, then close — the connection's framing can no longer be trusted.
 */
function answerClientError(
  onClientError: HttpServerOptions['onClientError'],
): (error: Error & { code?: string }, socket: Socket) => void {
  // The parser may report more errors while the bytes keep coming: one refusal a connection.
  const refused = new WeakSet<Socket>();
  return (error, socket) => {
    if (error.code === 'ECONNRESET' || socket.destroyed || refused.has(socket)) {
      return;
    }
    refused.add(socket);
    const refusal = clientRefusal(error, socket);
    void (onClientError?.(refusal) ?? Promise.resolve())
      .catch(() => undefined)
      .finally(() => {
        if (socket.writable) {
          socket.write(
            `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? 'Error'}\r\n` +
              `Content-Type: ${JSON_TYPE}\r\nContent-Length: ${Buffer.byteLength(refusal.body)}\r\n` +
              `Connection: close\r\n\r\n${refusal.body}`,
          );
        }
        socket.destroy();
      });
  };
}

/**
 * Requests Node's HTTP server would answer itself, out of fastify's sight and so out of the
 * audit trail and the hub's error shape: an `Expect` other than `100-continue` (Node answers a
 * bare 417) and `CONNECT` (Node drops the connection without a word). Both are handed to
 * fastify like any request — CONNECT on a response of its own, closing the connection after —
 * where {@link refuseUnmetExpectations} and the target check refuse them.
 */
function routeEveryRequestThroughFastify(app: FastifyInstance): void {
  const server = app.server;
  server.on('checkExpectation', (request: IncomingMessage, response: ServerResponse) => {
    server.emit('request', request, response);
  });
  server.on('connect', (request: IncomingMessage, socket: Socket) => {
    const response = new ServerResponse(request);
    response.shouldKeepAlive = false;
    response.assignSocket(socket);
    response.on('finish', () => socket.destroySoon());
    server.emit('request', request, response);
  });
}

/** An expectation the hub cannot meet (anything but `100-continue`): 417 in the hub's shape. */
function refuseUnmetExpectations(app: FastifyInstance): void {
  app.addHook('onRequest', async (request, reply) => {
    const expectation = request.headers.expect;
    if (expectation !== undefined && expectation.trim().toLowerCase() !== '100-continue') {
      return refuse(reply.header('connection', 'close'), {
        status: 417,
        code: ERROR_CODES.BAD_REQUEST,
        message: 'Unsupported Expect header: only 100-continue is understood',
      });
    }
    return undefined;
  });
}

/** How long a request may take to arrive in full, headers and body (Node's `requestTimeout`). */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * A body that never finishes arriving is answered 408 and its connection closed. Node's own
 * `requestTimeout` stops watching a request once its headers are parsed and a handler has it,
 * so a client sending `Content-Length: 100` and one byte held the connection (and the request's
 * state) for good — enough of them and no connection is left for anyone else.
 */
function refuseSlowBodies(app: FastifyInstance, timeoutMs: number): void {
  app.addHook('onRequest', (request, reply, done) => {
    const raw = request.raw;
    if (raw.complete) {
      done();
      return;
    }
    const timer = setTimeout(() => {
      if (raw.complete || reply.sent) {
        return;
      }
      reply.raw.once('finish', () => raw.socket?.destroySoon());
      void refuse(reply.header('connection', 'close'), {
        status: 408,
        code: ERROR_CODES.BAD_REQUEST,
        message: 'The request took too long to arrive',
      });
    }, timeoutMs);
    timer.unref();
    const stop = () => clearTimeout(timer);
    raw.once('end', stop);
    raw.once('close', stop);
    done();
  });
}

const SCOPE = Symbol('request async scope');

/**
 * Every log line written while a request is served carries its request id (platform/logger.ts
 * reads `logContext`). The scope is entered when the request arrives and entered again once the
 * body is read, because body chunks arrive on the socket's own async context. (What
 * @fastify/request-context does; hand-written because the logger must read the id without
 * depending on fastify.)
 */
function keepLogContext(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => {
    const store: LogContext = { requestId: request.id };
    request.logContext = store;
    logContext.run(store, () => {
      const scope = new AsyncResource('hub-request');
      (request as FastifyRequest & { [SCOPE]?: AsyncResource })[SCOPE] = scope;
      scope.runInAsyncScope(done);
    });
  });
  app.addHook('preValidation', (request, _reply, done) => {
    const scope = (request as FastifyRequest & { [SCOPE]?: AsyncResource })[SCOPE];
    if (scope) {
      scope.runInAsyncScope(done);
    } else {
      done();
    }
  });
}

export async function createHttpServer(options: HttpServerOptions): Promise<FastifyInstance> {
  const { logger, bodyLimit } = options;
  const app = fastify({
    logger: false,
    bodyLimit,
    genReqId: () => randomUUID(),
    // A client's x-request-id is kept beside ours, never used as ours (it could repeat).
    requestIdHeader: false,
    return503OnClosing: true,
    forceCloseConnections: true,
    keepAliveTimeout: 65_000,
    requestTimeout: REQUEST_TIMEOUT_MS,
    routerOptions: { maxParamLength: 200 },
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    frameworkErrors: answerFrameworkError(options),
    clientErrorHandler: answerClientError(options.onClientError),
  });

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
  keepLogContext(app);
  keepRawJson(app);
  routeEveryRequestThroughFastify(app);
  refuseSlowBodies(app, REQUEST_TIMEOUT_MS);
  refuseUnmetExpectations(app);
  refuseMalformedTargets(app);
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const refusal = refusalOf(error, bodyLimit);
    if (refusal.status >= 500) {
      logger.error({ err: error, requestId: request.id }, 'unexpected error');
    }
    return refuse(reply, refusal);
  });
  app.setNotFoundHandler((request, reply) =>
    refuse(reply, {
      status: 404,
      code: ERROR_CODES.NOT_FOUND,
      message: `No route for ${request.method} ${request.url.split('?')[0]?.slice(0, 200)}`,
    }),
  );
  return app;
}

/** Answers every method but `allowed` on `url` with 405 and an `Allow` header. */
export function methodNotAllowed(
  app: FastifyInstance,
  url: string,
  allowed: readonly string[],
): void {
  const others = app.supportedMethods.filter(
    (method) => !allowed.includes(method) && method !== 'HEAD' && method !== 'CONNECT',
  );
  app.route({
    method: others,
    url,
    handler: (request: FastifyRequest, reply: FastifyReply) =>
      refuse(reply.header('allow', allowed.join(', ')), {
        status: 405,
        code: ERROR_CODES.METHOD_NOT_ALLOWED,
        message: `${request.method} is not allowed here; use ${allowed.join(' or ')}`,
      }),
  });
}

/** What a server's readiness check answers. */
export interface Readiness {
  readonly ready: boolean;
  readonly detail: Readonly<Record<string, unknown>>;
}

/**
 * The operational routes every hub server has: `/healthz` (the process answers), `/readyz`
 * (what it depends on answers: 503 otherwise) and `/metrics` (Prometheus text) unless metrics
 * are served on a separate internal port instead (HUB_METRICS_PORT).
 */
export function healthRoutes(
  app: FastifyInstance,
  options: {
    readonly name: string;
    readonly ready: () => Promise<Readiness>;
    readonly metrics?: () => Promise<{ contentType: string; body: string }>;
  },
): void {
  app.get('/healthz', async (_request, reply) =>
    reply.type(JSON_TYPE).send(JSON.stringify({ status: 'ok', server: options.name })),
  );
  app.get('/readyz', async (_request, reply) => {
    const { ready, detail } = await options.ready();
    return reply
      .code(ready ? 200 : 503)
      .type(JSON_TYPE)
      .send(JSON.stringify({ status: ready ? 'ready' : 'not ready', ...detail }));
  });
  const metrics = options.metrics;
  if (metrics) {
    app.get('/metrics', async (_request, reply) => {
      const { contentType, body } = await metrics();
      return reply.type(contentType).send(body);
    });
  }
}

export interface Listening {
  readonly port: number;
  close(): Promise<void>;
}

/** Starts listening; resolves with the port it got (useful with port 0). */
export async function listen(app: FastifyInstance, port: number, host: string): Promise<Listening> {
  await app.listen({ port, host });
  const actual = (app.server.address() as AddressInfo).port;
  return { port: actual, close: () => app.close() };
}
