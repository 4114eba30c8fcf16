/**
 * Apollo Server plugins of the gateway: what the audit trail learns once the operation is
 * resolved (name, type, normalized hash, declared variable types), the refusal status the
 * access layer chose, and the request metrics.
 */
import { createHash } from 'node:crypto';

import type { ApolloServerPlugin } from '@apollo/server';
import { typeFromAST, type GraphQLInputType } from 'graphql';

import { graphqlDuration, graphqlRequests } from '../platform/metrics.js';

import { documentFacts } from './audit/literals.js';
import type { GatewayContext } from './context.js';

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
          const { literals, signature } = documentFacts(schema, document);
          contextValue.resolved.operation = {
            name: operation.name?.value ?? null,
            type: operation.operation,
            documentHash: createHash('sha256').update(signature).digest('hex'),
            literals,
            variableTypes,
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
          const failed = Boolean(errors?.length);
          graphqlRequests.inc({ server: 'gateway', outcome: failed ? 'error' : 'ok' });
          stop();
        },
      };
    },
  };
}
