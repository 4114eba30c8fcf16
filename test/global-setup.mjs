// Gives every test worker a real PostgreSQL: the server in DATABASE_URL when set (CI runs both
// ways), otherwise an embedded one in a temporary directory. Tests read HUB_TEST_ADMIN_URL and
// create a database of their own.
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default async function globalSetup() {
  if (process.env.DATABASE_URL) {
    process.env.HUB_TEST_ADMIN_URL = process.env.DATABASE_URL;
    process.env.HUB_TEST_DATABASE_KIND = 'external';
    return;
  }
  const { startEmbeddedPostgres } = await import('../dist/platform/database/embedded.js');
  const { freePort } = await import('../dist/platform/net.js');
  const dir = await mkdtemp(path.join(tmpdir(), 'hub-test-pg-'));
  await chmod(dir, 0o755); // the embedded server runs as the `postgres` user when we are root
  const server = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'data'),
    port: await freePort(),
    password: 'hub-test-admin',
    // As root in a clone under a closed directory, where the server's binaries are copied
    // (default /var/lib/interagency-hub/postgres-<version>).
    binariesDir: process.env.HUB_EMBEDDED_PG_DIR || undefined,
  });
  globalThis.__HUB_TEST_PG__ = server;
  process.env.HUB_TEST_ADMIN_URL = server.url;
  process.env.HUB_TEST_DATABASE_KIND = 'embedded';
}
