/**
 * The one public endpoint: verifies callers, forwards a signed internal context to the
 * subgraphs, plans queries over the committed supergraph, masks errors, and serves
 * /healthz, /readyz, /metrics and an offline query console.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import type { JWTVerifyGetKey } from 'jose';

import { createHttpHandler, type PlainResponse } from '../platform/http.js';
import type { Logger } from '../platform/logger.js';
import { graphqlDuration, graphqlRequests, metricsText } from '../platform/metrics.js';
import { parsePurpose } from '../schema/access.js';
import { BadUserInputError, maskError } from '../schema/errors.js';
import type { SigningKey } from '../schema/internal-context.js';

import { AccessControlledGateway, type AccessSettings } from './access/access-gateway.js';
import type { PolicyIndex } from './access/policy-index.js';
import { authenticate } from './auth/authenticate.js';
import type { GatewayContext } from './context.js';
import { LANDING_PAGE } from './landing-page.js';
import { HubSubgraphDataSource } from './subgraph-data-source.js';

export interface GatewayOptions {
  readonly supergraphSdl: string;
  /** Where each subgraph (by its name in the supergraph) is reached. */
  readonly subgraphUrls: Readonly<Record<string, string>>;
  readonly token: {
    readonly issuer: string;
    readonly audience: string;
    readonly key: JWTVerifyGetKey;
  };
  readonly contextKey: SigningKey;
  readonly introspection: boolean;
  readonly development: boolean;
  readonly maxBodyBytes: number;
  readonly access: AccessSettings;
  readonly logger: Logger;
}

export interface Gateway {
  readonly handler: ReturnType<typeof createHttpHandler<GatewayContext>>;
  readonly policyIndex: PolicyIndex;
  stop(): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function observability(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      const stop = graphqlDuration.startTimer({ server: 'gateway' });
      return {
        async willSendResponse({ contextValue, response }) {
          response.http.headers.set('x-request-id', contextValue.requestId);
          const failed =
            response.body.kind === 'single' && Boolean(response.body.singleResult.errors);
          graphqlRequests.inc({ server: 'gateway', outcome: failed ? 'error' : 'ok' });
          stop();
        },
      };
    },
  };
}

async function readiness(urls: Readonly<Record<string, string>>): Promise<PlainResponse> {
  const checks = await Promise.all(
    Object.entries(urls).map(async ([name, url]) => {
      try {
        const response = await fetch(new URL('/readyz', url), {
          signal: AbortSignal.timeout(2_000),
        });
        return [name, response.ok ? 'ready' : `not ready (${response.status})`] as const;
      } catch {
        return [name, 'unreachable'] as const;
      }
    }),
  );
  const ready = checks.every(([, state]) => state === 'ready');
  return {
    status: ready ? 200 : 503,
    contentType: 'application/json',
    body: JSON.stringify({
      status: ready ? 'ready' : 'not ready',
      subgraphs: Object.fromEntries(checks),
    }),
  };
}

export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const logger = options.logger.child({ component: 'gateway' });
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
      return new HubSubgraphDataSource(target, options.contextKey);
    },
  });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    introspection: options.introspection,
    hideSchemaDetailsFromClientErrors: !options.development,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) =>
      maskError(formatted, error, (original) =>
        logger.error({ err: original }, 'unexpected error'),
      ),
    plugins: [
      ApolloServerPluginLandingPageDisabled(),
      ApolloServerPluginUsageReportingDisabled(),
      ApolloServerPluginSchemaReportingDisabled(),
      observability(),
    ],
  });
  await apollo.start();

  const handler = createHttpHandler<GatewayContext>({
    apollo,
    maxBodyBytes: options.maxBodyBytes,
    context: async (request) => {
      const forwardedId = header(request, 'x-request-id');
      const requestId = forwardedId && REQUEST_ID.test(forwardedId) ? forwardedId : randomUUID();
      const principal = await authenticate(header(request, 'authorization'), options.token);
      const rawPurpose = header(request, 'x-purpose');
      let purpose;
      if (rawPurpose !== undefined) {
        const parsed = parsePurpose(rawPurpose);
        if ('error' in parsed) {
          throw new BadUserInputError(parsed.error, 'x-purpose', 400);
        }
        purpose = parsed;
      }
      return {
        requestId,
        principal,
        purpose,
        clientAddress: request.socket.remoteAddress ?? 'unknown',
        accessed: [],
        access: { requested: [], denied: [], refused: false },
      };
    },
    routes: {
      '/': async () => ({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        body: LANDING_PAGE,
      }),
      '/healthz': async () => ({
        status: 200,
        contentType: 'application/json',
        body: '{"status":"ok"}',
      }),
      '/readyz': () => readiness(options.subgraphUrls),
      '/metrics': async () => ({ status: 200, ...(await metricsText()) }),
    },
  });
  return { handler, policyIndex: gateway.index, stop: () => apollo.stop() };
}
