/** The PostgreSQL every benchmark runs on: DATABASE_URL, or an embedded one of its own. */
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startEmbeddedPostgres } from '../../platform/database/embedded.js';
import { freePort } from '../../platform/net.js';

export interface BenchDatabase {
  readonly url: string;
  stop(): Promise<void>;
}

export async function benchDatabase(databaseUrl: string | undefined): Promise<BenchDatabase> {
  if (databaseUrl) {
    return { url: databaseUrl, stop: async () => undefined };
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'hub-bench-pg-'));
  await chmod(dir, 0o755);
  const server = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'data'),
    port: await freePort(),
    password: 'hub-bench',
  });
  return { url: server.url, stop: () => server.stop() };
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
