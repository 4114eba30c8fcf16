/**
 * The PostgreSQL every benchmark runs on: DATABASE_URL, or an embedded one of its own with
 * `pg_stat_statements` loaded (so a benchmark can count the statements each request costs).
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import pg from 'pg';

import { startEmbeddedPostgres } from '../../platform/database/embedded.js';
import { freePort } from '../../platform/net.js';

export interface BenchDatabase {
  readonly url: string;
  /** True when the bench started the server itself (embedded). */
  readonly embedded: boolean;
  stop(): Promise<void>;
}

export async function benchDatabase(databaseUrl: string | undefined): Promise<BenchDatabase> {
  if (databaseUrl) {
    return { url: databaseUrl, embedded: false, stop: async () => undefined };
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'hub-bench-pg-'));
  await chmod(dir, 0o755);
  const server = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'data'),
    port: await freePort(),
    password: 'hub-bench',
    settings: {
      shared_preload_libraries: 'pg_stat_statements',
      'pg_stat_statements.track': 'top',
      'pg_stat_statements.track_utility': 'on',
    },
  });
  return {
    url: server.url,
    embedded: true,
    stop: async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Runs `work` with one administrative connection to `url`. */
export async function withClient<T>(
  url: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) {
    return NaN;
  }
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}
