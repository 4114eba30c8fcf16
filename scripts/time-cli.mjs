#!/usr/bin/env node
/**
 * How long a newcomer waits, before and after, side by side in one run on one machine:
 * `npm start` fresh (no dist/, empty HUB_HOME) and on a restart (nothing changed), each until
 * the gateway answers /readyz; `npm run build` with nothing changed (the build part of a
 * restart); `npx hub --help`; `node dist/bin/hub.js --help`.
 *
 *   node scripts/time-cli.mjs [--before <git ref>] [--runs 5]
 *
 * "before" is a git worktree of the ref (default main) in a temporary directory, with this
 * checkout's node_modules hard-linked; "after" is a copy of this checkout's working tree.
 * Prints a Markdown table (medians of the --help runs). Uses free ports and temporary
 * HUB_HOMEs, never the ones of a hub you run.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { before: { type: 'string', default: 'main' }, runs: { type: 'string', default: '5' } },
});
const RUNS = Number(values.runs);
const ROOT = path.resolve(import.meta.dirname, '..');
const work = mkdtempSync(path.join(tmpdir(), 'hub-time-cli-'));
execFileSync('chmod', ['755', work]); // the embedded server runs as `postgres` under root

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function portsEnv(home) {
  const env = { ...process.env, HUB_HOME: home, LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  for (const name of ['PORT', 'NARCOTICS_PORT', 'CYBER_PORT', 'JUVENILE_PORT', 'AUDIT_PORT']) {
    env[name] = String(await freePort());
  }
  env.HUB_EMBEDDED_PG_PORT = String(await freePort());
  return env;
}

/** Seconds until `npm start` in `dir` answers /readyz; then stops it (its whole group). */
async function timeStart(dir, env) {
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: dir,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${env.PORT}/readyz`;
  try {
    for (;;) {
      if (child.exitCode !== null) {
        throw new Error(`npm start exited ${child.exitCode}:\n${output}`);
      }
      try {
        if ((await fetch(url)).ok) {
          return (performance.now() - started) / 1000;
        }
      } catch {
        // not yet
      }
      if (performance.now() - started > 600_000) {
        throw new Error(`npm start not ready after 600 s:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    process.kill(-child.pid, 'SIGTERM');
    await exited;
    await new Promise((resolve) => setTimeout(resolve, 1000)); // the server's shutdown
  }
}

/** Median seconds of `command args` in `dir`. */
function timeCommand(dir, command, args, env, runs = RUNS) {
  const times = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    execFileSync(command, args, { cwd: dir, env, stdio: 'ignore' });
    times.push((performance.now() - started) / 1000);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

function prepare(name, fill) {
  const dir = path.join(work, name);
  fill(dir);
  execFileSync('cp', ['-al', path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules')]);
  return dir;
}

const variants = [
  [
    `before (${values.before})`,
    prepare('before', (dir) =>
      execFileSync('git', ['-C', ROOT, 'worktree', 'add', '--detach', dir, values.before], {
        stdio: 'ignore',
      }),
    ),
  ],
  [
    'after (this checkout)',
    prepare('after', (dir) =>
      cpSync(ROOT, dir, {
        recursive: true,
        filter: (source) =>
          !/\/(node_modules|dist|\.hub|\.git)(\/|$)/.test(source.slice(ROOT.length)),
      }),
    ),
  ],
];

const rows = [];
try {
  for (const [label, dir] of variants) {
    const home = path.join(work, `${path.basename(dir)}-home`);
    const env = await portsEnv(home);
    rmSync(path.join(dir, 'dist'), { recursive: true, force: true });
    const fresh = await timeStart(dir, env);
    const restart = await timeStart(dir, env);
    const build = timeCommand(dir, 'npm', ['run', 'build', '--silent'], env, 1);
    const npx = timeCommand(dir, 'npx', ['hub', '--help'], env);
    const node = timeCommand(dir, process.execPath, ['dist/bin/hub.js', '--help'], env);
    rows.push([label, fresh, restart, build, npx, node]);
    console.error(`${label}: done`);
  }
} finally {
  execFileSync('git', ['-C', ROOT, 'worktree', 'remove', '--force', path.join(work, 'before')], {
    stdio: 'ignore',
  });
  rmSync(work, { recursive: true, force: true });
}

const s = (seconds) => `${seconds.toFixed(2)} s`;
console.log(
  '| measured | `npm start` fresh | `npm start` restart | of which `npm run build` | `npx hub --help` | `node dist/bin/hub.js --help` |',
);
console.log('| --- | --- | --- | --- | --- | --- |');
for (const [label, ...figures] of rows) {
  console.log(`| ${label} | ${figures.map(s).join(' | ')} |`);
}
const [before, after] = rows;
if (before && after) {
  const ratios = before.slice(1).map((figure, i) => `${(figure / after[i + 1]).toFixed(1)}×`);
  console.log(`| before ÷ after | ${ratios.join(' | ')} |`);
}
console.log(
  `\n(${RUNS} runs of each --help, median; one build; node ${process.version}; ${new Date().toISOString()})`,
);
