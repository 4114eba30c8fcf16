/** Starting the hub's servers from configuration: one subgraph, the gateway. */
import { readFile } from 'node:fs/promises';

import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

import { AuditCheckpointer } from '../gateway/audit/checkpointer.js';
import { AuditRecorder } from '../gateway/audit/recorder.js';
import { createGateway } from '../gateway/gateway.js';
import { DEMO_IDENTITIES } from '../gateway/web/dev-tokens.js';
import type { HubConfig } from '../platform/config.js';
import { auditWriterUrl } from '../platform/database/server.js';
import { listen } from '../platform/http.js';
import {
  auditCheckpointSigner,
  auditValueKey,
  auditWitnessVerifiers,
  databaseContextKeys,
  gatewayKeys,
  idKey,
  subgraphContextKey,
} from '../platform/keys.js';
import type { Logger } from '../platform/logger.js';
import { OperationLabels } from '../platform/metrics.js';
import { SUPERGRAPH_PATH } from '../platform/paths.js';
import { valueHasher } from '../schema/audit-row.js';
import { DATABASE_CONTEXT_SUBGRAPHS } from '../schema/database-context.js';
import type { SubgraphName } from '../schema/subgraph-names.js';
import {
  serveSubgraph,
  type RunningSubgraph,
  type SubgraphServices,
} from '../subgraphs/kit/index.js';

import { runtimeDataSource } from './database.js';
import { registerOps } from './ops.js';
import type { AnySubgraph } from './registry.js';
import { mintDevToken } from './tokens.js';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** Spends a caller's points of a fixed hourly allowance (in this process). */
function hourlyBudget(points: number): (caller: string) => Promise<boolean> {
  const limiter = new RateLimiterMemory({ points, duration: 3600 });
  return async (caller) => {
    try {
      await limiter.consume(caller);
      return true;
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes) {
        return false;
      }
      throw refusal;
    }
  };
}

async function subgraphServices(
  needs: ReadonlySet<keyof SubgraphServices>,
  config: HubConfig,
): Promise<SubgraphServices> {
  return {
    ...(needs.has('hashValue') ? { hashValue: valueHasher(await auditValueKey(config)) } : {}),
    ...(needs.has('lookupBudget')
      ? { lookupBudget: hourlyBudget(config.audit.valueLookupsPerHour) }
      : {}),
  };
}

/** How this process labels operation names in metrics (one bound for all its servers). */
let operationLabels: OperationLabels | undefined;
function labelsFor(config: HubConfig): OperationLabels {
  const { maxOperationLabels, operationLabels: allowed } = config.observability;
  operationLabels ??= new OperationLabels(maxOperationLabels, allowed && new Set(allowed));
  return operationLabels;
}

export async function startSubgraphServer(
  definition: AnySubgraph,
  config: HubConfig,
  adminUrl: string | undefined,
  logger: Logger,
  port = config.subgraphs[definition.name].port,
): Promise<RunningSubgraph> {
  const dataSource = await runtimeDataSource(definition, adminUrl, config);
  const needs = new Set(definition.needs ?? []);
  const running = await serveSubgraph(definition, {
    idKey: await idKey(config),
    services: await subgraphServices(needs, config),
    port,
    host: config.host,
    dataSource,
    contextKey: await subgraphContextKey(config),
    logger,
    introspection: config.gateway.introspection,
    serveMetrics: config.observability.metricsPort === undefined,
    operationLabels: labelsFor(config),
  });
  const unregister = await registerOps(config, logger, definition.name, running.ready);
  return {
    ...running,
    stop: async () => {
      await unregister();
      await running.stop();
      await dataSource.destroy();
    },
  };
}

export async function startGatewayServer(
  config: HubConfig,
  logger: Logger,
  options: {
    port?: number;
    subgraphUrls?: Partial<Record<SubgraphName, string>>;
    supergraphSdl?: string;
    /** The server holding the audit database (defaults to DATABASE_URL). */
    serverUrl?: string;
  } = {},
): Promise<RunningServer> {
  const keys = await gatewayKeys(config);
  const writerUrl = await auditWriterUrl(config, options.serverUrl ?? config.database.url);
  const audit = new AuditRecorder(writerUrl);
  const checkpointer = new AuditCheckpointer(writerUrl, {
    signer: await auditCheckpointSigner(config),
    intervalMs: config.audit.checkpointIntervalSeconds * 1000,
    logger,
  });
  const databaseContext = Object.fromEntries(
    await Promise.all(
      DATABASE_CONTEXT_SUBGRAPHS.map(
        async (name) => [name, (await databaseContextKeys(config, name)).current] as const,
      ),
    ),
  );
  const subgraphUrls = Object.fromEntries(
    Object.values(config.subgraphs).map((s) => [s.name, options.subgraphUrls?.[s.name] ?? s.url]),
  );
  const gateway = await createGateway({
    supergraphSdl: options.supergraphSdl ?? (await readFile(SUPERGRAPH_PATH, 'utf8')),
    subgraphUrls,
    token: { issuer: config.jwt.issuer, audience: config.jwt.audience, key: keys.verifyToken },
    contextKey: keys.contextPrivateKey,
    databaseContextKeys: databaseContext,
    auditValueKey: await auditValueKey(config),
    introspection: config.gateway.introspection,
    development: config.mode === 'development',
    maxBodyBytes: config.gateway.maxBodyBytes,
    access: {
      rejectUnauthorized: config.gateway.rejectUnauthorized,
      dryRun: config.gateway.dryRun,
      limits: config.gateway.limits,
    },
    audit,
    checkpoints: { checkpointer, witnesses: auditWitnessVerifiers(config) },
    logger,
    // The callers' port never shows production metrics (operation names other officers chose,
    // denial counts): there they are served only on HUB_METRICS_PORT.
    serveMetrics: config.observability.metricsPort === undefined && config.mode !== 'production',
    operationLabels: labelsFor(config),
    demoTokens:
      config.mode === 'development'
        ? (role) => mintDevToken(config, { roles: [role], ...DEMO_IDENTITIES[role] })
        : undefined,
  });
  const server = await listen(gateway.app, options.port ?? config.gateway.port, config.host);
  const unregister = await registerOps(config, logger, 'gateway', gateway.ready);
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  return {
    url: `http://${host}:${server.port}/graphql`,
    port: server.port,
    stop: async () => {
      await unregister();
      await gateway.stop();
    },
  };
}
