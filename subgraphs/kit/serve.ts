/**
 * Serves a built subgraph: Apollo Server on the hub's fastify layer, internal-context check on
 * every GraphQL request (bound to this subgraph and this body, used once), a request scope
 * (connection + transaction + loaders) per request, masked errors, records-accessed reporting,
 * one log line and the metrics of each request (under the gateway's request id), and /healthz,
 * /readyz, /metrics.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import type { FastifyRequest } from 'fastify';
import type { DataSource } from 'typeorm';

import {
  createHttpServer,
  healthRoutes,
  listen,
  methodNotAllowed,
  type Readiness,
} from '../../platform/http.js';
import type { Logger } from '../../platform/logger.js';
import {
  graphqlDuration,
  graphqlRequests,
  metricsText,
  observePool,
  OperationLabels,
  type PoolCounts,
} from '../../platform/metrics.js';
import { ACCESSED_EXTENSION, type VerifyingKeys } from '../../schema/internal-context.js';

import { trackAccessedRecords } from './accessed.js';
import { enforceAccessRules } from './authorize.js';
import { buildSubgraph } from './build-subgraph.js';
import { AccessedRecords, ContextVerifier, type SubgraphContext } from './context.js';
import { RequestScope } from './data-source.js';
import type { SubgraphDefinition, SubgraphServices } from './definition.js';
import { ERROR_CODES, maskError } from './errors.js';
import { configureIds } from './ids.js';
import { encodeIdFields } from './opaque-ids.js';

export interface ServeOptions {
  readonly port: number;
  readonly host: string;
  readonly dataSource: DataSource;
  /** The gateway's public key(s): two while it is being rotated. */
  readonly contextKey: VerifyingKeys;
  readonly logger: Logger;
  readonly introspection: boolean;
  readonly maxBodyBytes?: number;
  readonly services?: SubgraphServices;
  /** The hub's id key (kit/ids.ts): the same in every subgraph, never changed. */
  readonly idKey: Buffer;
  /** Serve /metrics on the subgraph's port (default true; false with a separate metrics port). */
  readonly serveMetrics?: boolean;
  /** How operation names become metric labels (bounded; default: the first 50 names). */
  readonly operationLabels?: OperationLabels;
}

export interface RunningSubgraph {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  /** What /readyz answers: the database reachable. */
  ready(): Promise<Readiness>;
  stop(): Promise<void>;
}

function requestScopePlugin<L>(
  name: string,
  logger: Logger,
  operations: OperationLabels,
): ApolloServerPlugin<SubgraphContext<L>> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse({ contextValue, response, operationName }) {
          const body = response.body;
          try {
            await contextValue.scope.finish(true);
          } catch {
            if (body.kind === 'single') {
              body.singleResult.data = null;
              body.singleResult.errors = [
                {
                  message: 'Internal server error',
                  extensions: { code: ERROR_CODES.INTERNAL_SERVER_ERROR },
                },
              ];
            }
          }
          if (body.kind === 'single') {
            const accessed = contextValue.accessed.list();
            if (accessed.length > 0) {
              body.singleResult.extensions = {
                ...body.singleResult.extensions,
                [ACCESSED_EXTENSION]: accessed,
              };
            }
          }
          const seconds = (performance.now() - started) / 1000;
          const failed = body.kind === 'single' && Boolean(body.singleResult.errors?.length);
          const outcome = failed ? 'error' : 'ok';
          const operation = operations.of(operationName);
          graphqlRequests.inc({ server: name, operation, outcome });
          graphqlDuration.observe({ server: name, operation }, seconds);
          logger.info(
            {
              requestId: contextValue.hub?.requestId,
              operation: operationName ?? null,
              outcome,
              durationMs: Math.round(seconds * 10_000) / 10,
              sqlStatements: contextValue.scope?.statements ?? 0,
            },
            'request',
          );
        },
      };
    },
  };
}

/** The subgraph's executable schema with the kit's wrappers, under Apollo Server. */
async function startApollo<L>(
  definition: SubgraphDefinition<L>,
  options: ServeOptions,
  logger: Logger,
): Promise<ApolloServer<SubgraphContext<L>>> {
  configureIds(options.idKey);
  const { schema } = await buildSubgraph(definition);
  trackAccessedRecords(schema, definition.sensitiveTypes ?? []);
  enforceAccessRules(schema);
  encodeIdFields(schema);
  const apollo = new ApolloServer<SubgraphContext<L>>({
    schema,
    introspection: options.introspection,
    includeStacktraceInErrorResponses: false,
    // No automatic persisted queries: their cache is shared by every caller (one agency could
    // learn that another registered a query text) and a hub gains nothing from them.
    persistedQueries: false,
    formatError: (formatted, error) =>
      maskError(formatted, error, (original) =>
        logger.error({ err: original }, 'unexpected error'),
      ),
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      requestScopePlugin<L>(
        definition.name,
        logger,
        options.operationLabels ?? new OperationLabels(50),
      ),
    ],
  });
  await apollo.start();
  return apollo;
}

/** Each request's context: the verified internal context, its scope, loaders and records. */
function requestContext<L>(
  definition: SubgraphDefinition<L>,
  options: ServeOptions,
  verifier: ContextVerifier,
) {
  return async (request: FastifyRequest) => {
    const hub = verifier.verify(request);
    if (request.logContext) {
      // From here on this request's log lines carry the gateway's request id.
      request.logContext.requestId = hub.requestId;
    }
    const scope = new RequestScope(options.dataSource, hub);
    return {
      hub,
      scope,
      loaders: definition.createLoaders(scope, hub),
      accessed: new AccessedRecords(),
      services: options.services ?? {},
    };
  };
}

/** Ready while the subgraph's database answers. */
async function databaseReadiness(dataSource: DataSource): Promise<Readiness> {
  try {
    await dataSource.query('SELECT 1');
    return { ready: true, detail: {} };
  } catch {
    return { ready: false, detail: { database: 'unreachable' } };
  }
}

export async function serveSubgraph<L>(
  definition: SubgraphDefinition<L>,
  options: ServeOptions,
): Promise<RunningSubgraph> {
  const logger = options.logger.child({ subgraph: definition.name });
  const apollo = await startApollo(definition, options, logger);
  const verifier = new ContextVerifier(definition.name, options.contextKey);
  const app = await createHttpServer({ logger, bodyLimit: options.maxBodyBytes ?? 5_000_000 });
  // Only the gateway calls a subgraph, always with POST: its context covers the body it sends.
  app.post(
    '/graphql',
    fastifyApolloHandler(apollo, {
      context: requestContext(definition, options, verifier),
    }),
  );
  methodNotAllowed(app, '/graphql', ['POST']);
  const ready = (): Promise<Readiness> => databaseReadiness(options.dataSource);
  healthRoutes(app, {
    name: definition.name,
    metrics: options.serveMetrics === false ? undefined : metricsText,
    ready,
  });
  // TypeORM's postgres driver keeps its pg.Pool as `master`.
  const unobserve = observePool(
    definition.name,
    () => (options.dataSource.driver as unknown as { master?: PoolCounts }).master,
  );
  const server = await listen(app, options.port, options.host);
  logger.info({ port: server.port }, 'subgraph listening');
  return {
    name: definition.name,
    port: server.port,
    url: `http://${options.host}:${server.port}/graphql`,
    ready,
    stop: async () => {
      unobserve();
      await server.close();
      await apollo.stop();
    },
  };
}
