/**
 * The one public endpoint: verifies callers, forwards a signed internal context to the
 * subgraphs, plans queries over the committed supergraph, masks errors, writes the audit trail
 * before anything is released, and serves /healthz, /readyz, /metrics and an offline console.
 */
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import type { FastifyInstance } from 'fastify';

import { createHttpServer, methodNotAllowed, type Readiness } from '../platform/http.js';
import type { Logger } from '../platform/logger.js';
import { OperationLabels } from '../platform/metrics.js';
import { WEB_DIR } from '../platform/paths.js';
import { valueHasher } from '../schema/audit-row.js';
import { maskError } from '../schema/errors.js';
import type { SigningKey } from '../schema/internal-context.js';
import type { NoteVerifier } from '../schema/signed-note.js';

import { AccessControlledGateway, type AccessSettings } from './access/access-gateway.js';
import type { PolicyIndex } from './access/policy-index.js';
import type { AuditCheckpointer } from './audit/checkpointer.js';
import { auditLogRoutes } from './audit/log-routes.js';
import type { AuditRecorder } from './audit/recorder.js';
import {
  isAudited,
  recordClientRefusal,
  recordRoutingRefusal,
  relaysRequests,
  useAuditTrail,
  writeAheadFor,
  type AuditTrailOptions,
} from './audit/trail.js';
import type { TokenSettings } from './auth/authenticate.js';
import type { GatewayContext } from './context.js';
import { observeRequests } from './observe.js';
import { resolvedOperation } from './plugins.js';
import { openRequestState, type RequestState } from './request-state.js';
import { gatewayRoutes, readiness } from './routes.js';
import { HubSubgraphDataSource } from './subgraph-data-source.js';
import { devTokenRoutes, type DemoTokenMinter } from './web/dev-tokens.js';
import { exportRoutes } from './web/export.js';
import { loadWebFiles, webPageRoutes } from './web/pages.js';

export interface GatewayOptions {
  readonly supergraphSdl: string;
  /** Where each subgraph (by its name in the supergraph) is reached. */
  readonly subgraphUrls: Readonly<Record<string, string>>;
  readonly token: TokenSettings;
  readonly contextKey: SigningKey;
  /**
   * Each subgraph database's context key (schema/database-context.ts), by subgraph name: what
   * that database needs to see a caller at all. A subgraph without one gets no database context.
   */
  readonly databaseContextKeys: Readonly<Partial<Record<string, Buffer>>>;
  /** Key of the audit trail's value hashes (HMAC); the database never holds it. */
  readonly auditValueKey: Buffer;
  readonly introspection: boolean;
  readonly development: boolean;
  readonly maxBodyBytes: number;
  readonly access: AccessSettings;
  /** The audit trail every response waits for (nothing can turn it off). */
  readonly audit: AuditRecorder;
  /**
   * Signs checkpoints of the audit log's Merkle tree and serves them to witnesses
   * (gateway/audit/log-routes.ts); it signs a last one when the gateway stops.
   */
  readonly checkpoints?: {
    readonly checkpointer: AuditCheckpointer;
    /** The witnesses whose co-signatures are stored. */
    readonly witnesses: readonly NoteVerifier[];
  };
  readonly logger: Logger;
  /** Serve /metrics on the gateway's port (default true; false with a separate metrics port). */
  readonly serveMetrics?: boolean;
  /** How operation names become metric labels (bounded; default: the first 50 names). */
  readonly operationLabels?: OperationLabels;
  /** Where the built console and GraphiQL are (default dist/web; absent: pages answer 404). */
  readonly webDir?: string;
  /** Mints demo tokens for the console's role buttons: development only, never production. */
  readonly demoTokens?: DemoTokenMinter;
}

export interface Gateway {
  readonly app: FastifyInstance;
  readonly policyIndex: PolicyIndex;
  /** What /readyz answers: the audit store and every subgraph reachable. */
  ready(): Promise<Readiness>;
  stop(): Promise<void>;
}

const GRAPHQL_PATH = '/graphql';

/** The Apollo context of a request: refuses it when its token or purpose was bad. */
function contextOf(state: RequestState, writeAhead: () => Promise<void>): GatewayContext {
  if (state.authError || !state.principal) {
    throw state.authError;
  }
  if (state.purposeError) {
    throw state.purposeError;
  }
  const context: GatewayContext = {
    requestId: state.requestId,
    principal: state.principal,
    purpose: state.purpose,
    clientAddress: state.clientAddress,
    accessed: [],
    subgraphCalls: [],
    access: { requested: [], denied: [], refused: false },
    resolved: {},
    writeAhead,
  };
  state.context = context;
  return context;
}

/** Apollo Server over the access-controlled gateway: errors masked, nothing phoned home. */
async function startApollo(
  options: GatewayOptions,
  logger: Logger,
): Promise<{ apollo: ApolloServer<GatewayContext>; gateway: AccessControlledGateway }> {
  // Apollo's gateway otherwise reports usage to Apollo and probes cloud metadata endpoints;
  // a police hub must never phone home, so the product itself switches it off.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const gateway = new AccessControlledGateway({
    supergraphSdl: options.supergraphSdl,
    logger,
    settings: options.access,
    buildService: ({ name, url }) => {
      const target = options.subgraphUrls[name] ?? url;
      if (!target) {
        throw new Error(`No URL configured for subgraph ${name}`);
      }
      return new HubSubgraphDataSource(name, target, {
        contextKey: options.contextKey,
        databaseContextKey: options.databaseContextKeys[name],
      });
    },
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: options.introspection,
    hideSchemaDetailsFromClientErrors: !options.development,
    includeStacktraceInErrorResponses: false,
    // No automatic persisted queries: their cache is shared by every caller (one agency could
    // learn that another registered a query text) and a hub gains nothing from them.
    persistedQueries: false,
    formatError: (formatted, error) =>
      maskError(formatted, error, (original) =>
        logger.error({ err: original }, 'unexpected error'),
      ),
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      resolvedOperation(),
    ],
  });
  await apollo.start();
  return { apollo, gateway };
}

export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const logger = options.logger.child({ component: 'gateway' });
  const { apollo, gateway } = await startApollo(options, logger);
  const trail: AuditTrailOptions = {
    recorder: options.audit,
    hash: valueHasher(options.auditValueKey),
    logger,
    token: options.token,
    graphqlPath: GRAPHQL_PATH,
  };
  const app = await createHttpServer({
    logger,
    bodyLimit: options.maxBodyBytes,
    onClientError: recordClientRefusal(trail),
    onRoutingRefusal: recordRoutingRefusal(trail),
  });
  app.addHook('onRequest', async (request) => {
    if (isAudited(request, GRAPHQL_PATH) && !relaysRequests(request)) {
      request.hub = await openRequestState(request, options.token);
    }
  });
  useAuditTrail(app, trail);
  observeRequests(app, { logger, operations: options.operationLabels ?? new OperationLabels(50) });
  app.route({
    method: ['GET', 'POST'],
    url: GRAPHQL_PATH,
    handler: fastifyApolloHandler(apollo, {
      context: async (request) => {
        const state = request.hub as RequestState;
        return contextOf(state, writeAheadFor(request, state, trail));
      },
    }),
  });
  methodNotAllowed(app, GRAPHQL_PATH, ['GET', 'POST']);
  const subgraphUrls = Object.fromEntries(
    gateway.subgraphs.map((name) => [name, options.subgraphUrls[name] ?? '']),
  );
  gatewayRoutes(app, {
    subgraphUrls,
    audit: options.audit,
    serveMetrics: options.serveMetrics ?? true,
  });
  if (options.checkpoints) {
    auditLogRoutes(app, options.checkpoints);
    options.checkpoints.checkpointer.start();
  }
  webPageRoutes(app, await loadWebFiles(options.webDir ?? WEB_DIR));
  await exportRoutes(app);
  if (options.demoTokens) {
    if (!options.development) {
      throw new Error('demo tokens are for development mode only');
    }
    devTokenRoutes(app, options.demoTokens);
  }
  return {
    app,
    policyIndex: gateway.index,
    ready: () => readiness(subgraphUrls, options.audit),
    stop: async () => {
      await app.close();
      await apollo.stop();
      await options.audit.close();
      // After the last record: the last checkpoint covers every record this gateway wrote.
      await options.checkpoints?.checkpointer.close();
    },
  };
}
