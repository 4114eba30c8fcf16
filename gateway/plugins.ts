/**
 * Apollo Server plugins of the gateway: what the audit trail learns once the operation is
 * resolved (name, type, normalized hash, declared variable types), the refusal status the
 * access layer chose, and the request metrics.
 */
import { createHash } from 'node:crypto';

import type { ApolloServerPlugin } from '@apollo/server';
import {
  print,
  typeFromAST,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';

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

/** The operation's declared variables and their types, once per operation and schema. */
const declaredTypes = new WeakMap<
  OperationDefinitionNode,
  { schema: GraphQLSchema; types: ReadonlyMap<string, GraphQLInputType> }
>();

function variableTypesOf(
  operation: OperationDefinitionNode,
  schema: GraphQLSchema,
): ReadonlyMap<string, GraphQLInputType> {
  const known = declaredTypes.get(operation);
  if (known?.schema === schema) {
    return known.types;
  }
  const types = new Map<string, GraphQLInputType>();
  for (const definition of operation.variableDefinitions ?? []) {
    const type = typeFromAST(schema, definition.type);
    if (type) {
      types.set(definition.variable.name.value, type as GraphQLInputType);
    }
  }
  declaredTypes.set(operation, { schema, types });
  return types;
}

// Labelled once: prom-client hashes a label object on every call otherwise.
const duration = graphqlDuration.labels({ server: 'gateway' });
const answered = {
  ok: graphqlRequests.labels({ server: 'gateway', outcome: 'ok' }),
  error: graphqlRequests.labels({ server: 'gateway', outcome: 'error' }),
};

export function resolvedOperation(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const stop = duration.startTimer();
      return {
        async didResolveOperation({ contextValue, document, operation, schema }) {
          if (!operation) {
            return;
          }
          contextValue.resolved.operation = {
            name: operation.name?.value ?? null,
            type: operation.operation,
            documentHash: documentHash(document),
            variableTypes: variableTypesOf(operation, schema),
          };
        },
        async willSendResponse({ contextValue, response }) {
          if (contextValue.access?.status) {
            response.http.status = contextValue.access.status;
          }
          const failed =
            response.body.kind === 'single' && Boolean(response.body.singleResult.errors);
          answered[failed ? 'error' : 'ok'].inc();
          stop();
        },
      };
    },
  };
}
