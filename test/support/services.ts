/**
 * The hub as an orchestrator runs it: a migrate/seed step, then each subgraph and one or more
 * gateways as separate `hub` processes on free ports, sharing one database server (each
 * subgraph its own database, the gateways one audit store).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { enabledSubgraphs } from '../../hub/registry.js';
import { mintDevToken, type TokenRequest } from '../../hub/tokens.js';
import { loadConfig } from '../../platform/config.js';
import type { SubgraphName } from '../../schema/subgraph-names.js';

import { adminUrl, dropDatabases, testPrefix } from './database.js';
import { TEST_ID_KEY, TEST_PASSWORD_ENV } from './hub.js';
import { freePort, runHub, startHubProcess, waitFor, type HubProcess } from './processes.js';

export interface ServiceProcess {
  readonly name: string;
  readonly process: HubProcess;
  /** Base URL (no path) of its own port. */
  readonly base: string;
  /** Base URL of its internal metrics port, when it has one. */
  readonly metricsBase?: string;
  /** Its stdout and stderr as JSON log lines (lines that are not JSON are skipped). */
  logLines(): Record<string, unknown>[];
}

export interface ServiceHub {
  readonly env: Readonly<Record<string, string>>;
  readonly prefix: string;
  readonly subgraphs: Readonly<Record<SubgraphName, ServiceProcess>>;
  readonly gateways: readonly ServiceProcess[];
  token(request: Partial<TokenRequest> & { roles: string[] }): Promise<string>;
  stop(): Promise<void>;
}

export interface ServiceOptions {
  /** Gateway processes to start (default 1). */
  readonly gateways?: number;
  readonly seed?: boolean;
  /** Give every process an internal metrics port of its own. */
  readonly metricsPorts?: boolean;
  /** Added to every process's environment. */
  readonly env?: Readonly<Record<string, string>>;
}

function jsonLines(text: string): Record<string, unknown>[] {
  return text.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) {
      return [];
    }
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}

async function startService(
  name: string,
  args: string[],
  env: Record<string, string>,
  port: number,
  metricsPort: number | undefined,
): Promise<ServiceProcess> {
  const process = startHubProcess(args, {
    ...env,
    ...(metricsPort ? { HUB_METRICS_PORT: String(metricsPort) } : {}),
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/healthz`, 120_000).catch((error: unknown) => {
    throw new Error(`${name} did not start: ${String(error)}\n${process.output()}`);
  });
  return {
    name,
    process,
    base,
    ...(metricsPort ? { metricsBase: `http://127.0.0.1:${metricsPort}` } : {}),
    logLines: () => jsonLines(process.output()),
  };
}

export async function startServiceHub(options: ServiceOptions = {}): Promise<ServiceHub> {
  const prefix = testPrefix();
  const home = await mkdtemp(path.join(tmpdir(), 'hub-services-'));
  const env: Record<string, string> = {
    HUB_HOME: home,
    HUB_HOST: '127.0.0.1',
    DATABASE_URL: adminUrl(),
    HUB_DB_PREFIX: prefix,
    HUB_ID_KEY: TEST_ID_KEY.toString('hex'),
    HUB_DB_POOL_SIZE: '4',
    LOG_LEVEL: 'info',
    ...TEST_PASSWORD_ENV,
  };
  const ports: Partial<Record<SubgraphName, number>> = {};
  for (const subgraph of enabledSubgraphs()) {
    const port = await freePort();
    ports[subgraph.name] = port;
    env[`${subgraph.name.toUpperCase()}_PORT`] = String(port);
    env[`${subgraph.name.toUpperCase()}_URL`] = `http://127.0.0.1:${port}/graphql`;
  }
  Object.assign(env, options.env);
  const started: ServiceProcess[] = [];
  const stop = async () => {
    for (const service of started.reverse()) {
      await service.process.stop();
    }
    await dropDatabases(prefix);
    await rm(home, { recursive: true, force: true });
  };
  try {
    const setup = await runHub(options.seed ? ['seed', '--profile', 'demo'] : ['migrate'], env);
    if (setup.code !== 0) {
      throw new Error(`migrate failed:\n${setup.output}`);
    }
    const metricsPort = async () => (options.metricsPorts ? await freePort() : undefined);
    // Subgraphs need only the migrated databases: started together, as an orchestrator would.
    const subgraphs: Partial<Record<SubgraphName, ServiceProcess>> = {};
    const metrics: Partial<Record<SubgraphName, number>> = {};
    for (const subgraph of enabledSubgraphs()) {
      metrics[subgraph.name] = await metricsPort();
    }
    const starting = enabledSubgraphs().map(async (subgraph) => {
      const port = ports[subgraph.name] ?? 0;
      const service = await startService(
        subgraph.name,
        ['subgraph', subgraph.name],
        env,
        port,
        metrics[subgraph.name],
      );
      started.push(service);
      subgraphs[subgraph.name] = service;
    });
    const outcomes = await Promise.allSettled(starting);
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed) {
      throw failed.reason;
    }
    const gateways: ServiceProcess[] = [];
    for (let i = 0; i < (options.gateways ?? 1); i += 1) {
      const port = await freePort();
      const gateway = await startService(
        `gateway-${i + 1}`,
        ['gateway'],
        { ...env, PORT: String(port) },
        port,
        await metricsPort(),
      );
      started.push(gateway);
      gateways.push(gateway);
      await waitFor(`${gateway.base}/readyz`, 120_000);
    }
    const config = loadConfig(env);
    return {
      env,
      prefix,
      subgraphs: subgraphs as Record<SubgraphName, ServiceProcess>,
      gateways,
      token: (request) => mintDevToken(config, { agency: 'GS-NB', province: 'GS', ...request }),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
