/**
 * Apollo Server plugins of the gateway: what the audit trail learns once the operation is
 * resolved (name, type, normalized hash, declared variable types), the refusal status the
 * access layer chose. (Request metrics and the request's log line: observe.ts.)
 */
import { createHash } from 'node:crypto';

import type { ApolloServerPlugin } from '@apollo/server';
import {
  typeFromAST,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';

import { documentFacts, type InlineLiteral } from './audit/literals.js';
import type { GatewayContext } from './context.js';

/**
 * What the trail records of a document — the hash of its literal-free signature, its inline
 * literals — once per document: Apollo Server hands every request with the same query text the
 * same parsed document (its document store), and walking and hashing it again on each request
 * was measurable.
 */
const documents = new WeakMap<
  DocumentNode,
  { schema: GraphQLSchema; hash: string; literals: readonly InlineLiteral[] }
>();

function documentRecord(document: DocumentNode, schema: GraphQLSchema) {
  const known = documents.get(document);
  if (known?.schema === schema) {
    return known;
  }
  const { literals, signature } = documentFacts(schema, document);
  const record = { schema, hash: createHash('sha256').update(signature).digest('hex'), literals };
  documents.set(document, record);
  return record;
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

export function resolvedOperation(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, document, operation, schema }) {
          if (!operation) {
            return;
          }
          const { hash, literals } = documentRecord(document, schema);
          contextValue.resolved.operation = {
            name: operation.name?.value ?? null,
            type: operation.operation,
            documentHash: hash,
            literals,
            variableTypes: variableTypesOf(operation, schema),
          };
        },
        async willSendResponse({ contextValue, response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : [];
          if (contextValue.access?.status) {
            response.http.status = contextValue.access.status;
          } else if (errors?.some((e) => e.extensions?.code === 'PERSISTED_QUERY_NOT_SUPPORTED')) {
            // Apollo answers 200 here; a request the hub refuses outright answers 400.
            response.http.status = 400;
          }
        },
      };
    },
  };
}
