/** What every benchmark needs: a PostgreSQL (DATABASE_URL, or an embedded one) for test hubs. */
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startEmbeddedPostgres } from '../platform/database/embedded.js';
import { freePort } from '../test/support/processes.js';

/** Sets HUB_TEST_ADMIN_URL for test/support; returns how to stop what it started. */
export async function benchDatabase(databaseUrl: string | undefined): Promise<() => Promise<void>> {
  if (databaseUrl) {
    process.env.HUB_TEST_ADMIN_URL = databaseUrl;
    return async () => undefined;
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'hub-bench-pg-'));
  await chmod(dir, 0o755);
  const server = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'data'),
    port: await freePort(),
    password: 'hub-bench',
  });
  process.env.HUB_TEST_ADMIN_URL = server.url;
  return () => server.stop();
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
