/**
 * Target B of the side-by-side benchmark: the hub's gateway with access control and the audit
 * trail left out — composed here from the gateway's parts, never by a switch on the product's
 * security path. Same HTTP layer, the same token verification and purpose parsing, the same
 * subgraph data source (signed internal context per subgraph request), the same supergraph
 * (its executable form, which only code holding the policy index can get); no operation walk,
 * no audit record. Configured like `hub gateway` (PORT, NARCOTICS_URL, …).
 */
import 'reflect-metadata';

import { readFile } from 'node:fs/promises';

import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import type { FastifyRequest } from 'fastify';

import { prepareSupergraph } from '../../gateway/access/policy-index.js';
import type { GatewayContext } from '../../gateway/context.js';
import { openRequestState } from '../../gateway/request-state.js';
import { HubSubgraphDataSource } from '../../gateway/subgraph-data-source.js';
import { hubConfig } from '../../platform/config.js';
import { createHttpServer, healthRoutes, listen } from '../../platform/http.js';
import { databaseContextKeys, gatewayKeys } from '../../platform/keys.js';
import { createLogger } from '../../platform/logger.js';
import { metricsText } from '../../platform/metrics.js';
import { SUPERGRAPH_PATH } from '../../platform/paths.js';
import { DATABASE_CONTEXT_SUBGRAPHS } from '../../schema/database-context.js';
import { maskError } from '../../schema/errors.js';
import type { SubgraphName } from '../../schema/subgraph-names.js';

import { stopOnSignal } from './signals.js';

/** The gateway's context with the caller checked and nothing recorded or pruned. */
async function plainContext(
  request: FastifyRequest,
  token: Parameters<typeof openRequestState>[1],
): Promise<GatewayContext> {
  const state = await openRequestState(request, token);
  if (!state.principal) {
    throw state.authError;
  }
  if (state.purposeError) {
    throw state.purposeError;
  }
  return {
    requestId: state.requestId,
    principal: state.principal,
    purpose: state.purpose,
    clientAddress: state.clientAddress,
    accessed: [],
    access: { requested: [], denied: [], refused: false },
    resolved: {},
    writeAhead: async () => undefined,
    subgraphCalls: [],
  };
}

async function main(): Promise<void> {
  const config = hubConfig();
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const logger = createLogger(config.logLevel, 'bench-plain-gateway');
  const keys = await gatewayKeys(config);
  const sdl = await readFile(SUPERGRAPH_PATH, 'utf8');
  const databaseKeys = new Map<string, Buffer>();
  for (const name of DATABASE_CONTEXT_SUBGRAPHS) {
    databaseKeys.set(name, (await databaseContextKeys(config, name)).current);
  }
  const gateway = new ApolloGateway({
    supergraphSdl: prepareSupergraph(sdl).executableSdl,
    buildService: ({ name }) =>
      new HubSubgraphDataSource(name, config.subgraphs[name as SubgraphName].url, {
        contextKey: keys.contextPrivateKey,
        databaseContextKey: databaseKeys.get(name),
      }),
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: config.gateway.introspection,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => maskError(formatted, error, () => undefined),
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
    ],
  });
  await apollo.start();
  const app = await createHttpServer({ logger, bodyLimit: config.gateway.maxBodyBytes });
  const token = { issuer: config.jwt.issuer, audience: config.jwt.audience, key: keys.verifyToken };
  app.post(
    '/graphql',
    fastifyApolloHandler(apollo, {
      context: (request) => plainContext(request, token),
    }),
  );
  healthRoutes(app, {
    name: 'bench-plain-gateway',
    ready: async () => ({ ready: true, detail: {} }),
    metrics: metricsText,
  });
  const server = await listen(app, config.gateway.port, config.host);
  stopOnSignal(async () => {
    await server.close();
    await apollo.stop();
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
