/**
 * The processes a benchmark measures: each service a Node process of its own (so its CPU time
 * is its own, read from /proc), started from the built `dist/`, stopped by its own pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import pg from 'pg';

/** `dist/` (this file is dist/bench/support/processes.js once built). */
export const DIST = path.resolve(__dirname, '..', '..');

export interface Service {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  /** Output kept for a failure message (last 4 KiB). */
  output(): string;
  stop(): Promise<void>;
}

export interface ServiceSpec {
  readonly name: string;
  /** Script under dist/ and its arguments. */
  readonly script: string;
  readonly args?: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** Extra node flags, e.g. --cpu-prof. */
  readonly nodeFlags?: readonly string[];
  /** GraphQL URL the service answers on once up. */
  readonly url: string;
  /** URL polled until it answers (default: the GraphQL URL's /healthz). */
  readonly readyUrl?: string;
}

async function waitUntilUp(spec: ServiceSpec, child: ChildProcess, output: () => string) {
  const probe = spec.readyUrl ?? spec.url.replace(/\/graphql$/, '/healthz');
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`${spec.name} exited with ${child.exitCode}:\n${output()}`);
    }
    try {
      const response = await fetch(probe, { signal: AbortSignal.timeout(1000) });
      if (response.status < 500) {
        return;
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${spec.name} did not come up at ${probe}:\n${output()}`);
}

export async function startService(spec: ServiceSpec): Promise<Service> {
  const child = spawn(
    process.execPath,
    [...(spec.nodeFlags ?? []), path.join(DIST, spec.script), ...(spec.args ?? [])],
    { env: { PATH: process.env.PATH ?? '', ...spec.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-4096);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) {
      return;
    }
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitUntilUp(spec, child, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  return { name: spec.name, url: spec.url, pid: child.pid ?? 0, output: () => log, stop };
}

// ---------------------------------------------------------------------------------------------
// CPU time from /proc

const TICKS_PER_SECOND = 100;

/** Fields of /proc/<pid>/stat after the command name (which may hold spaces). */
function statFields(pid: number): string[] | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** User + system CPU milliseconds of one process (0 once it is gone). */
export function cpuMs(pid: number): number {
  const fields = statFields(pid);
  // After the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
  return fields ? ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND : 0;
}

/**
 * CPU milliseconds of a whole PostgreSQL server: the postmaster, the children it has reaped
 * (cutime, cstime: backends that ended) and those still running (backends, WAL writer,
 * checkpointer, autovacuum).
 */
export function postgresCpuMs(postmasterPid: number): number {
  const own = statFields(postmasterPid);
  if (!own) {
    return NaN;
  }
  let total = own.slice(11, 15).reduce((sum, value) => sum + Number(value), 0);
  for (const entry of readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(entry)) {
      continue;
    }
    const fields = statFields(Number(entry));
    if (fields && Number(fields[1]) === postmasterPid) {
      total += Number(fields[11]) + Number(fields[12]);
    }
  }
  return (total * 1000) / TICKS_PER_SECOND;
}

/** The postmaster's pid: the parent of this connection's backend (when on this machine). */
export async function postmasterPid(url: string): Promise<number | undefined> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const fields = statFields(Number(rows[0]?.pid));
    const parent = fields ? Number(fields[1]) : NaN;
    return Number.isInteger(parent) && statFields(parent) ? parent : undefined;
  } finally {
    await client.end();
  }
}
