/**
 * Apollo Server plugins of the gateway: what the audit trail learns once the operation is
 * resolved (name, type, normalized hash, declared variable types), the refusal status the
 * access layer chose. (Request metrics and the request's log line: observe.ts.)
 */
import { createHash } from 'node:crypto';

import type { ApolloServerPlugin } from '@apollo/server';
import { print, typeFromAST, type GraphQLInputType } from 'graphql';

import type { GatewayContext } from './context.js';

export function resolvedOperation(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
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
            documentHash: createHash('sha256').update(print(document)).digest('hex'),
            variableTypes,
          };
        },
        async willSendResponse({ contextValue, response }) {
          if (contextValue.access?.status) {
            response.http.status = contextValue.access.status;
          }
        },
      };
    },
  };
}
