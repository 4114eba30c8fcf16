/**
 * The running system the side-by-side benchmark measures: the article profile in databases of
 * its own on the bench's server, each subgraph a process of its own, and the four targets —
 * A the hub's gateway as shipped (`hub gateway`), B the same without access control and audit
 * (targets/plain-gateway.ts), C Hive Gateway (targets/hive-gateway.ts), D the floor
 * (targets/floor-server.ts) — each a process of its own on a free port, all on loopback,
 * NODE_ENV=production, telemetry off.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import pg from 'pg';

import { migrateSubgraph, seedSubgraph } from '../../hub/database.js';
import { enabledSubgraphs } from '../../hub/registry.js';
import { mintDevToken } from '../../hub/tokens.js';
import { loadConfig, type HubConfig } from '../../platform/config.js';
import { subgraphAdminUrl } from '../../platform/database/server.js';
import { idKey } from '../../platform/keys.js';
import { freePort } from '../../platform/net.js';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../schema/subgraph-names.js';
import { configureIds } from '../../subgraphs/kit/index.js';

import { withClient } from './database.js';
import { startService, type Service } from './processes.js';

export type TargetName = 'A' | 'B' | 'C' | 'D';

export const TARGETS: Readonly<
  Record<TargetName, { label: string; script: string; args?: string[] }>
> = {
  A: { label: "the hub's gateway as shipped", script: 'bin/hub.js', args: ['gateway'] },
  B: {
    label: 'the same gateway, access control and audit left out',
    script: 'bench/targets/plain-gateway.js',
  },
  C: { label: 'Hive Gateway over the same supergraph', script: 'bench/targets/hive-gateway.js' },
  D: {
    label: 'floor: tiny HTTP server, direct batched pg',
    script: 'bench/targets/floor-server.js',
  },
};

export interface Cluster {
  readonly config: HubConfig;
  readonly serverUrl: string;
  /** Admin URL of each subgraph's database. */
  readonly databases: Readonly<Record<SubgraphName, string>>;
  readonly subgraphs: Readonly<Record<SubgraphName, Service>>;
  /** Environment every hub process of this cluster shares. */
  readonly env: Readonly<Record<string, string>>;
  token(roles: readonly string[], agency: string, province: string): Promise<string>;
  /** Starts a target (optionally with extra node flags, e.g. --cpu-prof). */
  startTarget(name: TargetName, nodeFlags?: readonly string[]): Promise<Service>;
  /** Restarts one subgraph (e.g. under --cpu-prof). */
  restartSubgraph(name: SubgraphName, nodeFlags?: readonly string[]): Promise<Service>;
  stop(): Promise<void>;
}

async function dropDatabases(serverUrl: string, prefix: string): Promise<void> {
  await withClient(serverUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [`${prefix}_`],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
    }
  });
}

/** Migrates and seeds every subgraph's database (article profile), then ANALYZEs it. */
async function prepareDatabases(config: HubConfig, serverUrl: string, log: (line: string) => void) {
  const databases = {} as Record<SubgraphName, string>;
  for (const definition of enabledSubgraphs()) {
    const adminUrl = await subgraphAdminUrl(serverUrl, config, definition.name);
    databases[definition.name] = adminUrl;
    await migrateSubgraph(definition, adminUrl, config);
    const started = performance.now();
    const summary = await seedSubgraph(definition, adminUrl, 'article');
    await withClient(adminUrl, (client) => client.query('ANALYZE'));
    log(
      `  ${definition.name}: seeded in ${((performance.now() - started) / 1000).toFixed(1)} s ${JSON.stringify(summary)}`,
    );
  }
  return databases;
}

/** The environment every process of the cluster shares: its home, database and ports. */
async function clusterEnvironment(serverUrl: string, home: string, prefix: string) {
  const ports = Object.fromEntries(
    await Promise.all(SUBGRAPH_NAMES.map(async (name) => [name, await freePort()] as const)),
  ) as Record<SubgraphName, number>;
  const env: Record<string, string> = {
    HUB_HOME: home,
    DATABASE_URL: serverUrl,
    HUB_DB_PREFIX: prefix,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    APOLLO_TELEMETRY_DISABLED: 'true',
  };
  for (const name of SUBGRAPH_NAMES) {
    env[`${name.toUpperCase()}_PORT`] = String(ports[name]);
    env[`${name.toUpperCase()}_URL`] = `http://127.0.0.1:${ports[name]}/graphql`;
  }
  return { env, ports };
}

/** A target (A–D) as its own process on a free port, over the cluster's subgraphs. */
async function startTargetProcess(
  name: TargetName,
  env: Record<string, string>,
  nodeFlags?: readonly string[],
): Promise<Service> {
  const port = await freePort();
  const target = TARGETS[name];
  return startService({
    name,
    script: target.script,
    args: target.args,
    env: { ...env, PORT: String(port) },
    nodeFlags,
    url: `http://127.0.0.1:${port}/graphql`,
    readyUrl: `http://127.0.0.1:${port}/${name === 'C' ? 'healthcheck' : 'healthz'}`,
  });
}

export async function startCluster(
  serverUrl: string,
  log: (line: string) => void,
): Promise<Cluster> {
  const prefix = `hub_bench_${randomBytes(4).toString('hex')}`;
  const home = await mkdtemp(path.join(tmpdir(), 'hub-bench-home-'));
  await chmod(home, 0o755);
  const { env, ports } = await clusterEnvironment(serverUrl, home, prefix);
  const config = loadConfig(env);
  configureIds(await idKey(config));
  const subgraphs = {} as Record<SubgraphName, Service>;
  const targets: Service[] = [];
  const stop = async () => {
    for (const service of [...targets, ...Object.values(subgraphs)]) {
      await service.stop();
    }
    await dropDatabases(serverUrl, prefix).catch(() => undefined);
    await rm(home, { recursive: true, force: true });
  };
  const startSubgraph = (name: SubgraphName, nodeFlags?: readonly string[]) =>
    startService({
      name,
      script: 'bin/hub.js',
      args: ['subgraph', name],
      env,
      nodeFlags,
      url: `http://127.0.0.1:${ports[name]}/graphql`,
    });
  try {
    const databases = await prepareDatabases(config, serverUrl, log);
    for (const name of SUBGRAPH_NAMES) {
      subgraphs[name] = await startSubgraph(name);
    }
    return {
      config,
      serverUrl,
      databases,
      subgraphs,
      env,
      token: (roles, agency, province) =>
        mintDevToken(config, { roles, agency, province, ttl: '4h' }),
      startTarget: async (name, nodeFlags) => {
        const service = await startTargetProcess(name, env, nodeFlags);
        targets.push(service);
        return service;
      },
      restartSubgraph: async (name, nodeFlags) => {
        await subgraphs[name].stop();
        subgraphs[name] = await startSubgraph(name, nodeFlags);
        return subgraphs[name];
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
