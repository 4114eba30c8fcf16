// Runs inside a network namespace that has only loopback (see offline.test.ts): starts the hub
// under strace on a fresh embedded database, asks it a question, stops it, and prints one JSON
// line with what it saw. Every connect() of every hub process lands in the trace file.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const [home, trace] = process.argv.slice(2);
const root = path.resolve(import.meta.dirname, '..', '..');
const hubJs = path.join(root, 'dist', 'bin', 'hub.js');
const env = {
  ...process.env,
  HUB_HOME: home,
  LOG_LEVEL: 'warn',
  PORT: '4600',
  HUB_EMBEDDED_PG_PORT: '5599',
};
delete env.DATABASE_URL;

const hub = spawn(
  'strace',
  ['-f', '-qq', '-e', 'trace=connect', '-o', trace, process.execPath, hubJs, 'start'],
  {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: stopping it signals the hub itself, not only strace.
    detached: true,
  },
);
let output = '';
hub.stdout.on('data', (chunk) => (output += chunk));
hub.stderr.on('data', (chunk) => (output += chunk));

async function waitReady(deadline) {
  while (Date.now() < deadline) {
    try {
      const response = await fetch('http://127.0.0.1:4600/readyz', {
        signal: AbortSignal.timeout(2_000),
      });
      if (response.ok) {
        return true;
      }
    } catch (error) {
      process.stderr.write(`readyz: ${error.cause?.code ?? error.name}\n`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

const result = { ready: false, status: 0, body: null, output: '' };
const exited = new Promise((resolve) => hub.once('exit', () => resolve(false)));
try {
  result.ready = await Promise.race([waitReady(Date.now() + 120_000), exited]);
  if (result.ready) {
    const token = execFileSync(
      process.execPath,
      [hubJs, 'token', '--role', 'bureau_analyst', '--agency', 'GS-NB', '--province', 'GS'],
      { env },
    )
      .toString()
      .trim();
    const response = await fetch('http://127.0.0.1:4600/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        'x-purpose': 'INVESTIGATION',
      },
      signal: AbortSignal.timeout(10_000),
      body: JSON.stringify({
        query:
          '{ cases(first: 2) { totalCount edges { node { caseNumber suspects { person { fullName } } } } } }',
      }),
    });
    result.status = response.status;
    result.body = await response.json();
  }
} finally {
  if (hub.exitCode === null && hub.signalCode === null) {
    const stopped = new Promise((resolve) => hub.once('exit', resolve));
    process.kill(-hub.pid, 'SIGTERM');
    const timer = setTimeout(() => process.kill(-hub.pid, 'SIGKILL'), 15_000);
    await stopped;
    clearTimeout(timer);
  }
  result.output = output.slice(-4000);
  result.trace = readFileSync(trace, 'utf8');
  process.stdout.write(JSON.stringify(result) + '\n');
}
