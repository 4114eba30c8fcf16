/**
 * The one public endpoint: verifies callers, forwards a signed internal context to the
 * subgraphs, plans queries over the committed supergraph, masks errors, and serves
 * /healthz, /readyz, /metrics and an offline query console.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { print } from 'graphql';
import type { JWTVerifyGetKey } from 'jose';

import { createHttpHandler, type PlainResponse } from '../platform/http.js';
import type { Logger } from '../platform/logger.js';
import { graphqlDuration, graphqlRequests, metricsText } from '../platform/metrics.js';
import { parsePurpose } from '../schema/access.js';
import { BadUserInputError, ERROR_CODES, maskError } from '../schema/errors.js';
import type { SigningKey } from '../schema/internal-context.js';

import { AccessControlledGateway, type AccessSettings } from './access/access-gateway.js';
import type { PolicyIndex } from './access/policy-index.js';
import { buildAuditRow, type AuditDraft } from './audit/entry.js';
import type { AuditRecorder } from './audit/recorder.js';
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
  /**
   * The audit trail every response waits for. `null` only in the benchmark that measures
   * the trail's own cost; configuration cannot turn it off.
   */
  readonly audit: AuditRecorder | null;
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
        async didResolveOperation({ contextValue, document, operation }) {
          if (!operation) {
            return;
          }
          contextValue.resolved.operation = {
            name: operation.name?.value ?? null,
            type: operation.operation,
            documentHash: createHash('sha256').update(print(document)).digest('hex'),
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

async function readiness(
  urls: Readonly<Record<string, string>>,
  audit: AuditRecorder | null,
): Promise<PlainResponse> {
  const checks = await Promise.all([
    ...(audit
      ? [audit.ping().then((ok) => ['audit store', ok ? 'ready' : 'unreachable'] as const)]
      : []),
    ...Object.entries(urls).map(async ([name, url]) => {
      try {
        const response = await fetch(new URL('/readyz', url), {
          signal: AbortSignal.timeout(2_000),
        });
        return [name, response.ok ? 'ready' : `not ready (${response.status})`] as const;
      } catch {
        return [name, 'unreachable'] as const;
      }
    }),
  ]);
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

  // Per-request audit state, keyed by the request itself (created on first touch).
  const drafts = new WeakMap<IncomingMessage, AuditDraft>();
  const draftOf = (request: IncomingMessage): AuditDraft => {
    let draft = drafts.get(request);
    if (!draft) {
      const forwardedId = header(request, 'x-request-id');
      draft = {
        requestId: forwardedId && REQUEST_ID.test(forwardedId) ? forwardedId : randomUUID(),
        startedAt: new Date(),
        started: performance.now(),
        clientAddress: request.socket.remoteAddress ?? 'unknown',
      };
      drafts.set(request, draft);
    }
    return draft;
  };

  const handler = createHttpHandler<GatewayContext>({
    apollo,
    maxBodyBytes: options.maxBodyBytes,
    context: async (request) => {
      const draft = draftOf(request);
      const principal = await authenticate(header(request, 'authorization'), options.token);
      const rawPurpose = header(request, 'x-purpose');
      let purpose;
      if (rawPurpose !== undefined) {
        const parsed = parsePurpose(rawPurpose);
        if ('error' in parsed) {
          draft.rawPurpose = rawPurpose;
          throw new BadUserInputError(parsed.error, 'x-purpose', 400);
        }
        purpose = parsed;
      }
      const context: GatewayContext = {
        requestId: draft.requestId,
        principal,
        purpose,
        clientAddress: draft.clientAddress,
        accessed: [],
        access: { requested: [], denied: [], refused: false },
        resolved: {},
      };
      draft.context = context;
      return context;
    },
    beforeSend: async (request, completed, parsed) => {
      const draft = draftOf(request);
      completed.headers.set('x-request-id', draft.requestId);
      if (!options.audit) {
        return completed;
      }
      const body = (parsed ?? {}) as {
        query?: unknown;
        operationName?: unknown;
        variables?: unknown;
      };
      const documentHash =
        typeof body.query === 'string'
          ? createHash('sha256').update(body.query).digest('hex')
          : undefined;
      try {
        await options.audit.record(
          buildAuditRow(
            draft,
            { operationName: body.operationName, variables: body.variables, documentHash },
            completed,
          ),
        );
        return completed;
      } catch (error) {
        logger.error(
          { err: error, requestId: draft.requestId },
          'audit trail unavailable: response withheld',
        );
        return {
          status: 503,
          headers: new Map([
            ['content-type', 'application/json; charset=utf-8'],
            ['x-request-id', draft.requestId],
            ['retry-after', '5'],
          ]),
          body: JSON.stringify({
            errors: [
              {
                message:
                  'The audit trail cannot be written, so no data is released; try again shortly',
                extensions: { code: ERROR_CODES.AUDIT_UNAVAILABLE },
              },
            ],
          }),
        };
      }
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
      '/readyz': () =>
        readiness(
          Object.fromEntries(
            gateway.subgraphs.map((name) => [name, options.subgraphUrls[name] ?? '']),
          ),
          options.audit,
        ),
      '/metrics': async () => ({ status: 200, ...(await metricsText()) }),
    },
  });
  return {
    handler,
    policyIndex: gateway.index,
    stop: async () => {
      await apollo.stop();
      await options.audit?.close();
    },
  };
}
