/**
 * Apollo Server plugins of the gateway: what the audit trail learns once the operation is
 * resolved (name, type, normalized hash, declared variable types), the refusal status the
 * access layer chose, and the request metrics.
 */
import { createHash } from 'node:crypto';

import type { ApolloServerPlugin } from '@apollo/server';
import { print, typeFromAST, type DocumentNode, type GraphQLInputType } from 'graphql';

import { graphqlDuration, graphqlRequests } from '../platform/metrics.js';

import type { GatewayContext } from './context.js';

/**
 * SHA-256 of the normalized document, once per document: Apollo Server hands every request with
 * the same query text the same parsed document (its document store), and printing and hashing
 * it again on each request was measurable.
 */
const documentHashes = new WeakMap<DocumentNode, string>();

function documentHash(document: DocumentNode): string {
  let hash = documentHashes.get(document);
  if (hash === undefined) {
    hash = createHash('sha256').update(print(document)).digest('hex');
    documentHashes.set(document, hash);
  }
  return hash;
}

export function resolvedOperation(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const stop = graphqlDuration.startTimer({ server: 'gateway' });
      return {
        async didResolveOperation({ contextValue, document, operation, schema }) {
          if (!operation) {
            return;
          }
          const variableTypes = new Map<string, GraphQLInputType>();
          for (const definition of operation.variableDefinitions ?? []) {
            const type = typeFromAST(schema, definition.type);
            if (type) {
              variableTypes.set(definition.variable.name.value, type as GraphQLInputType);
            }
          }
          contextValue.resolved.operation = {
            name: operation.name?.value ?? null,
            type: operation.operation,
            documentHash: documentHash(document),
            variableTypes,
          };
        },
        async willSendResponse({ contextValue, response }) {
          if (contextValue.access?.status) {
            response.http.status = contextValue.access.status;
          }
          const failed =
            response.body.kind === 'single' && Boolean(response.body.singleResult.errors);
          graphqlRequests.inc({ server: 'gateway', outcome: failed ? 'error' : 'ok' });
          stop();
        },
      };
    },
  };
}
