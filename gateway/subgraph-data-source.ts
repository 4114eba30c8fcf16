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
 */
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';

import { signDatabaseContext } from '../schema/database-context.js';
import {
  ACCESSED_EXTENSION,
  INTERNAL_CONTEXT_HEADER,
  signInternalContext,
  type SigningKey,
} from '../schema/internal-context.js';

import type { AccessedRecord, GatewayContext } from './context.js';
import { SubgraphFetcher } from './subgraph-fetcher.js';

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
    url: string,
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
    const { status, text } = await this.fetcher.post(body, {
      'content-type': 'application/json',
      accept: 'application/json',
      [INTERNAL_CONTEXT_HEADER]: token,
      'x-request-id': context.requestId,
    });
    // 400 carries the subgraph's own GraphQL errors (e.g. a value it refused): pass them on.
    if (status !== 200 && status !== 400) {
      throw new SubgraphFetchError(`${this.name} answered HTTP ${status}`);
    }
    let parsed: GatewayGraphQLResponse;
    try {
      parsed = JSON.parse(text) as GatewayGraphQLResponse;
    } catch {
      throw new SubgraphFetchError(`${this.name} answered something other than JSON`);
    }
    return this.takeAccessed(parsed, context);
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
