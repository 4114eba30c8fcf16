/**
 * The hub a benchmark measures: the real composition (hub/start.ts) on the bench's server, in
 * databases of its own, on free ports, with dev keys and tokens in a home of its own.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import pg from 'pg';

import { startHub, type RunningHub } from '../../hub/start.js';
import { mintDevToken, type TokenRequest } from '../../hub/tokens.js';
import { loadConfig, type HubConfig } from '../../platform/config.js';
import { createLogger } from '../../platform/logger.js';

export interface BenchHub extends RunningHub {
  readonly config: HubConfig;
  token(request: Partial<TokenRequest> & { roles: string[] }): Promise<string>;
}

async function dropDatabases(serverUrl: string, prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [`${prefix}_`],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}

export async function startBenchHub(
  serverUrl: string,
  options: { seed?: 'demo' | 'article' | false; env?: Record<string, string> } = {},
): Promise<BenchHub> {
  const prefix = `hub_bench_${randomBytes(4).toString('hex')}`;
  const home = await mkdtemp(path.join(tmpdir(), 'hub-bench-home-'));
  const config = loadConfig({
    HUB_HOME: home,
    DATABASE_URL: serverUrl,
    HUB_DB_PREFIX: prefix,
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const hub = await startHub(config, createLogger('silent', 'bench'), {
    seed: options.seed ?? 'demo',
    anyPorts: true,
  });
  return {
    ...hub,
    config,
    token: (request) => mintDevToken(config, { agency: 'GS-NB', province: 'GS', ...request }),
    stop: async () => {
      await hub.stop();
      await dropDatabases(serverUrl, prefix);
      await rm(home, { recursive: true, force: true });
    },
  };
}
