/**
 * How the gateway talks to a subgraph. Each fetch carries a fresh internal context signed for
 * exactly that request — this subgraph as audience, the SHA-256 of the very body sent, a unique
 * id and a few seconds of life — and the records-accessed report the subgraph puts in its
 * response extensions is taken into the request's context and never reaches the client.
 *
 * A data source of its own rather than a RemoteGraphQLDataSource subclass: the token must cover
 * the exact bytes sent, which that class serializes privately, and its default fetcher chain
 * (make-fetch-happen) cost a quarter of the gateway's CPU here. The bytes travel through
 * {@link SubgraphFetcher} (a kept-alive undici pool per subgraph).
 *
 * Each fetch is measured (metrics, the request's log line) and traced with a client span of its
 * own whose W3C `traceparent` goes with the request — made here rather than by an HTTP client
 * instrumentation, so the trace holds whatever client sends the bytes and no instrumentation
 * adds a second `traceparent`.
 */
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import {
  context as otelContext,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';

import { subgraphFetchDuration, subgraphFetches } from '../platform/metrics.js';
import { signDatabaseContext } from '../schema/database-context.js';
import {
  ACCESSED_EXTENSION,
  INTERNAL_CONTEXT_HEADER,
  signInternalContext,
  type SigningKey,
} from '../schema/internal-context.js';

import type { AccessedRecord, GatewayContext } from './context.js';
import { SubgraphFetcher } from './subgraph-fetcher.js';

const tracer = trace.getTracer('interagency-hub/gateway');

function isAccessedRecord(value: unknown): value is AccessedRecord {
  const record = value as Partial<AccessedRecord> | null;
  return typeof record?.type === 'string' && typeof record.id === 'string';
}

export class SubgraphFetchError extends Error {}

export interface SubgraphKeys {
  /** Signs the internal context. */
  readonly contextKey: SigningKey;
  /** MACs the database context this subgraph's database checks (none: no such context). */
  readonly databaseContextKey?: Buffer;
}

export class HubSubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly fetcher: SubgraphFetcher;

  constructor(
    private readonly name: string,
    private readonly url: string,
    private readonly keys: SubgraphKeys,
  ) {
    this.fetcher = new SubgraphFetcher(url);
  }

  /** The database context for one request to this subgraph, when its database checks one. */
  private databaseContext(context: GatewayContext): string | undefined {
    const key = this.keys.databaseContextKey;
    if (!key) {
      return undefined;
    }
    return signDatabaseContext(
      {
        subgraph: this.name,
        principal: context.principal,
        purpose: context.purpose,
        requestId: context.requestId,
      },
      key,
    );
  }

  async process(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): Promise<GatewayGraphQLResponse> {
    if (options.kind !== 'incoming operation') {
      throw new SubgraphFetchError(`${this.name}: only incoming operations are sent`);
    }
    const { context, request } = options;
    const body = JSON.stringify({
      query: request.query,
      ...(request.operationName ? { operationName: request.operationName } : {}),
      ...(request.variables ? { variables: request.variables } : {}),
    });
    return tracer.startActiveSpan(
      `POST ${this.name}`,
      {
        kind: SpanKind.CLIENT,
        attributes: {
          'hub.subgraph': this.name,
          'http.request.method': 'POST',
          'url.full': this.url,
        },
      },
      async (span) => {
        const started = performance.now();
        let status = 0;
        let outcome = 'network_error';
        try {
          const response = await this.send(body, context);
          status = response.status;
          span.setAttribute('http.response.status_code', status);
          const parsed = this.takeAccessed(this.parse(response), context);
          outcome = parsed.errors?.length ? 'graphql_errors' : 'ok';
          return parsed;
        } catch (error) {
          if (status !== 0) {
            outcome = 'http_error';
          }
          span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
          throw error;
        } finally {
          const ms = performance.now() - started;
          span.end();
          subgraphFetches.inc({ subgraph: this.name, outcome });
          subgraphFetchDuration.observe({ subgraph: this.name }, ms / 1000);
          context.subgraphCalls.push({ subgraph: this.name, ms: Math.round(ms * 10) / 10, status });
        }
      },
    );
  }

  /** POSTs the body with its internal context, request id and trace context. */
  private async send(
    body: string,
    context: GatewayContext,
  ): Promise<{ status: number; text: string }> {
    const token = signInternalContext(
      {
        principal: context.principal,
        purpose: context.purpose,
        requestId: context.requestId,
        databaseContext: this.databaseContext(context),
      },
      { audience: this.name, body },
      this.keys.contextKey,
    );
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
      [INTERNAL_CONTEXT_HEADER]: token,
      'x-request-id': context.requestId,
    };
    propagation.inject(otelContext.active(), headers);
    return this.fetcher.post(body, headers);
  }

  private parse(response: { status: number; text: string }): GatewayGraphQLResponse {
    // 400 carries the subgraph's own GraphQL errors (e.g. a value it refused): pass them on.
    if (response.status !== 200 && response.status !== 400) {
      throw new SubgraphFetchError(`${this.name} answered HTTP ${response.status}`);
    }
    try {
      return JSON.parse(response.text) as GatewayGraphQLResponse;
    } catch {
      throw new SubgraphFetchError(`${this.name} answered something other than JSON`);
    }
  }

  /** Closes the kept-alive connections to the subgraph. */
  close(): Promise<void> {
    return this.fetcher.close();
  }

  private takeAccessed(
    response: GatewayGraphQLResponse,
    context: GatewayContext,
  ): GatewayGraphQLResponse {
    if (!response.extensions || !(ACCESSED_EXTENSION in response.extensions)) {
      return response;
    }
    const { [ACCESSED_EXTENSION]: reported, ...rest } = response.extensions;
    if (Array.isArray(reported)) {
      context.accessed.push(...reported.filter(isAccessedRecord));
    }
    return { ...response, extensions: rest };
  }
}
