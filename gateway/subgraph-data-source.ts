/**
 * How the gateway talks to a subgraph: every fetch carries a fresh signed internal context
 * (`x-hub-context`), and the records-accessed report the subgraph puts in its response
 * extensions is taken into the request's context and never reaches the client.
 */
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type {
  GatewayGraphQLRequestContext,
  GatewayGraphQLResponse,
} from '@apollo/server-gateway-interface';

import {
  ACCESSED_EXTENSION,
  INTERNAL_CONTEXT_HEADER,
  signInternalContext,
  type SigningKey,
} from '../schema/internal-context.js';

import type { AccessedRecord, GatewayContext } from './context.js';

function isAccessedRecord(value: unknown): value is AccessedRecord {
  const record = value as Partial<AccessedRecord> | null;
  return typeof record?.type === 'string' && typeof record.id === 'string';
}

export class HubSubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    url: string,
    private readonly contextKey: SigningKey,
  ) {
    super({ url });
  }

  override async willSendRequest(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): Promise<void> {
    if (options.kind !== 'incoming operation') {
      return;
    }
    const { context, request } = options;
    const token = await signInternalContext(
      { principal: context.principal, purpose: context.purpose, requestId: context.requestId },
      this.contextKey,
    );
    request.http?.headers.set(INTERNAL_CONTEXT_HEADER, token);
    request.http?.headers.set('x-request-id', context.requestId);
  }

  override didReceiveResponse({
    response,
    context,
  }: Required<
    Pick<GatewayGraphQLRequestContext<GatewayContext>, 'request' | 'response' | 'context'>
  >): GatewayGraphQLResponse {
    if (!response.extensions || !(ACCESSED_EXTENSION in response.extensions)) {
      return response;
    }
    const { [ACCESSED_EXTENSION]: reported, ...rest } = response.extensions;
    if (Array.isArray(reported) && context.accessed) {
      context.accessed.push(...reported.filter(isAccessedRecord));
    }
    return { ...response, extensions: rest };
  }
}
