/**
 * Gateways the benchmarks compare the hub's own against, composed here from the gateway's
 * parts — never by a switch on the product's security path: the same verified callers and
 * signed subgraph calls, without the access layer (plain `@apollo/gateway` over the executable
 * supergraph) or without the audit trail.
 */
import { readFile } from 'node:fs/promises';

import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { fastifyApolloHandler } from '@as-integrations/fastify';

import { AccessControlledGateway } from '../../gateway/access/access-gateway.js';
import { prepareSupergraph } from '../../gateway/access/policy-index.js';
import type { GatewayContext } from '../../gateway/context.js';
import { openRequestState } from '../../gateway/request-state.js';
import { HubSubgraphDataSource } from '../../gateway/subgraph-data-source.js';
import { createHttpServer, listen } from '../../platform/http.js';
import { gatewayKeys } from '../../platform/keys.js';
import { createLogger } from '../../platform/logger.js';
import { SUPERGRAPH_PATH } from '../../platform/paths.js';

import type { BenchHub } from './hub.js';

export interface Variant {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startVariant(
  hub: BenchHub,
  variant: 'no-access' | 'no-audit',
): Promise<Variant> {
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const logger = createLogger('silent', `bench-${variant}`);
  const keys = await gatewayKeys(hub.config);
  const sdl = await readFile(SUPERGRAPH_PATH, 'utf8');
  const buildService = ({ name, url }: { name: string; url?: string }) =>
    new HubSubgraphDataSource(
      name,
      hub.subgraphUrls[name as keyof typeof hub.subgraphUrls] ?? url ?? '',
      keys.contextPrivateKey,
    );
  const gateway =
    variant === 'no-access'
      ? new ApolloGateway({ supergraphSdl: prepareSupergraph(sdl).executableSdl, buildService })
      : new AccessControlledGateway({
          supergraphSdl: sdl,
          logger,
          buildService,
          settings: { rejectUnauthorized: false, dryRun: false, limits: hub.config.gateway.limits },
        });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginUsageReportingDisabled()],
  });
  await apollo.start();
  const app = await createHttpServer({ logger, bodyLimit: hub.config.gateway.maxBodyBytes });
  const token = {
    issuer: hub.config.jwt.issuer,
    audience: hub.config.jwt.audience,
    key: keys.verifyToken,
  };
  app.post(
    '/graphql',
    fastifyApolloHandler(apollo, {
      context: async (request) => {
        const state = await openRequestState(request, token);
        if (!state.principal) {
          throw state.authError;
        }
        return {
          requestId: state.requestId,
          principal: state.principal,
          purpose: state.purpose,
          clientAddress: state.clientAddress,
          accessed: [],
          subgraphCalls: [],
          access: { requested: [], denied: [], refused: false },
          resolved: {},
          writeAhead: async () => undefined,
        };
      },
    }),
  );
  const server = await listen(app, 0, '127.0.0.1');
  return {
    url: `http://127.0.0.1:${server.port}/graphql`,
    stop: async () => {
      await server.close();
      await apollo.stop();
    },
  };
}
