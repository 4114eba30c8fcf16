/*
 * The built `hub` command as a newcomer runs it: separate processes beside a hub started with
 * `hub start` on the embedded PostgreSQL (its own HUB_HOME and ports). Maintenance commands use
 * the running server instead of starting a second one on its data; ingest is safe in scripts
 * (exit codes, rejects file, HUB_TOKEN, resume after Ctrl-C); every failure says what went wrong.
 */
import { readFile, writeFile, mkdtemp, rm, chmod, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  freePort,
  runHub,
  startHubProcess,
  waitFor,
  type HubProcess,
} from './support/processes.js';

let home: string;
let env: Record<string, string>;
let hub: HubProcess;
let serverPid: string;

/** The embedded server's process id, from its lock file. */
async function postmasterPid(): Promise<string> {
  return (await readFile(path.join(home, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0] ?? '';
}

/** A room item of the sample file, with its own ids. */
function roomLine(n: number): string {
  return JSON.stringify({
    kind: 'ROOM',
    source: 'cli-test',
    externalId: `cli-room-${n}`,
    room: {
      platform: 'starroom',
      externalRoomId: `cli-${n}`,
      title: `Room ${n}`,
      city: 'Lanzhou',
      capacity: 11,
      memberCount: 10,
      activeFrom: '21:00',
      activeTo: '04:00',
      inviteOnly: true,
      firstSeen: '2025-08-31T23:00:00.000Z',
      lastSeen: '2025-10-13T23:00:00.000Z',
    },
  });
}

const MISSING_ROOM = JSON.stringify({
  kind: 'HANDLE',
  source: 'cli-test',
  externalId: 'cli-handle-orphan',
  handle: {
    room: 'no-such-room',
    handle: 'lost_owl',
    personId: null,
    firstSeen: '2025-08-31T23:00:00.000Z',
  },
});

const hubCli = (args: string[], extra: Record<string, string> = {}) =>
  runHub(args, { ...env, ...extra });

beforeAll(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'hub-cli-'));
  await chmod(home, 0o755); // the embedded server runs as `postgres` when we are root
  const port = await freePort();
  env = {
    HUB_HOME: path.join(home, 'home'),
    PORT: String(port),
    NARCOTICS_PORT: String(await freePort()),
    CYBER_PORT: String(await freePort()),
    JUVENILE_PORT: String(await freePort()),
    AUDIT_PORT: String(await freePort()),
    HUB_EMBEDDED_PG_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
  };
  home = env.HUB_HOME as string;
  hub = startHubProcess(['start'], env);
  await waitFor(`http://127.0.0.1:${port}/readyz`, 150_000);
  serverPid = await postmasterPid();
}, 180_000);

afterAll(async () => {
  await hub?.stop();
  await rm(path.dirname(home), { recursive: true, force: true });
});

describe('without a database', () => {
  it('--version prints the package version; --help lists every command', async () => {
    const { version } = JSON.parse(
      await readFile(path.join(__dirname, '..', 'package.json'), 'utf8'),
    ) as { version: string };
    expect(await hubCli(['--version'])).toEqual({ code: 0, output: `${version}\n` });
    const help = await hubCli(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['start', 'migrate', 'seed', 'token', 'ingest', 'audit', 'policy']) {
      expect(help.output).toContain(command);
    }
  });

  it('token --help lists the roles and the demo agencies', async () => {
    const { code, output } = await hubCli(['token', '--help']);
    expect(code).toBe(0);
    for (const text of ['bureau_analyst', 'cyber_analyst', 'auditor', 'GS-NB', 'MPS-CYBER']) {
      expect(output).toContain(text);
    }
  });

  it('refuses unknown agencies and provinces unless --any-agency', async () => {
    const base = ['token', '--role', 'bureau_analyst', '--province', 'GS'];
    const unknown = await hubCli([...base, '--agency', 'XX-NOPE']);
    expect(unknown.code).toBe(2);
    expect(unknown.output).toMatch(/unknown agency "XX-NOPE".*GS-NB.*--any-agency/s);
    const province = await hubCli([
      'token',
      '--role',
      'auditor',
      '--agency',
      'GS-NB',
      '--province',
      'ZZ',
    ]);
    expect(province.code).toBe(2);
    expect(province.output).toContain('unknown province "ZZ"');
    const any = await hubCli([...base, '--agency', 'XX-NOPE', '--any-agency']);
    expect(any.code).toBe(0);
    expect(any.output.split('\n')[0]).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('option errors name the option and the form it takes', async () => {
    const ttl = await hubCli([
      'token',
      '--role',
      'auditor',
      '--agency',
      'GS-NB',
      '--province',
      'GS',
      '--ttl',
      'forever',
    ]);
    expect(ttl.code).not.toBe(0);
    expect(ttl.output).toContain("option '--ttl <duration>' argument 'forever' is invalid");
    expect(ttl.output).toContain('15m, 1h');
    const role = await hubCli([
      'token',
      '--role',
      'chief',
      '--agency',
      'GS-NB',
      '--province',
      'GS',
    ]);
    expect(role.output).toMatch(/--role takes one of bureau_analyst, .*auditor \(got "chief"\)/);
    const batch = await hubCli(['ingest', '--batch-size', 'abc', 'x.ndjson']);
    expect(batch.code).not.toBe(0);
    expect(batch.output).toContain('--batch-size takes a whole number from 1 to 1000 (got "abc")');
    const profile = await hubCli(['seed', '--profile', 'huge']);
    expect(profile.output).toContain('--profile takes one of demo, article (got "huge")');
  });

  it('a production configuration reports every problem at once, before any database starts', async () => {
    const fresh = path.join(path.dirname(home), 'production-home');
    const { code, output } = await hubCli(['start'], {
      HUB_HOME: fresh,
      HUB_MODE: 'production',
      HUB_MAX_DEPTH: '0',
      PORT: 'abc',
    });
    expect(code).toBe(1);
    // Parse problems first, all of them:
    expect(output).toMatch(/Invalid configuration \(2 problems\)/);
    expect(output).toContain('PORT must be a port number (got "abc")');
    expect(output).toContain('HUB_MAX_DEPTH');
    const missing = await hubCli(['start'], { HUB_HOME: fresh, HUB_MODE: 'production' });
    expect(missing.code).toBe(1);
    for (const variable of [
      'HUB_JWT_PUBLIC_KEY',
      'HUB_CONTEXT_PRIVATE_KEY',
      'HUB_CONTEXT_PUBLIC_KEY',
      'HUB_AUDIT_VALUE_KEY',
      'HUB_ID_KEY',
      'NARCOTICS_DB_CONTEXT_KEY',
      'NARCOTICS_DB_PASSWORD',
      'AUDIT_WRITER_DB_PASSWORD',
    ]) {
      expect(missing.output).toContain(variable);
    }
    await expect(stat(path.join(fresh, 'pg'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('a connection error names the variable that pointed there', async () => {
    const port = await freePort();
    const { code, output } = await hubCli(['migrate'], {
      DATABASE_URL: `postgres://nobody:secret@127.0.0.1:${port}/nowhere`,
    });
    expect(code).toBe(1);
    expect(output).toContain('DATABASE_URL');
    expect(output).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
    expect(output).not.toContain('secret');
  });
});

describe('beside a running hub', () => {
  it('migrate uses the running embedded server (no second server on its data)', async () => {
    const { code, output } = await hubCli(['migrate']);
    expect({ code, output }).toEqual({
      code: 0,
      output: expect.stringContaining('narcotics: up to date'),
    });
    expect(await postmasterPid()).toBe(serverPid);
  });

  it('seed leaves the demo data alone and says so; article refuses naming --reset', async () => {
    const demo = await hubCli(['seed']);
    expect(demo.code).toBe(0);
    expect(demo.output).toContain('narcotics: already holds data, left alone');
    expect(demo.output).not.toContain('{}');
    const article = await hubCli(['seed', '--profile', 'article']);
    expect(article.code).toBe(1);
    expect(article.output.trim().split('\n')).toHaveLength(1);
    expect(article.output).toContain('--reset');
    expect(await postmasterPid()).toBe(serverPid);
  });

  it('audit verify runs beside it (no "undefined", no lock failure)', async () => {
    const { code, output } = await hubCli(['audit', 'verify']);
    expect(output).not.toContain('undefined');
    expect(code).toBe(0);
    expect(await postmasterPid()).toBe(serverPid);
  });

  it('a second hub on the same embedded port says the port is taken', async () => {
    const { code, output } = await hubCli(['migrate'], {
      HUB_HOME: path.join(path.dirname(home), 'other-home'),
    });
    expect(code).toBe(1);
    expect(output).toContain(`Port ${env.HUB_EMBEDDED_PG_PORT} (HUB_EMBEDDED_PG_PORT) is taken`);
    expect(output).not.toContain('undefined');
  });
});

describe('hub ingest', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hub-cli-ingest-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('exits 0 when every line is accepted', async () => {
    const file = path.join(dir, 'good.ndjson');
    await writeFile(file, [1, 2, 3].map(roomLine).join('\n') + '\n');
    const { code, output } = await hubCli(['ingest', file]);
    expect(output).toMatch(/accepted\s+3/);
    expect(code).toBe(0);
  });

  it('exits 1 with a rejects file of the original lines, numbered and coded, ready to push again', async () => {
    const file = path.join(dir, 'mixed.ndjson');
    await writeFile(file, [roomLine(4), 'not json', roomLine(5), MISSING_ROOM].join('\n') + '\n');
    const { code, output } = await hubCli(['ingest', file]);
    expect(code).toBe(1);
    const rejectsFile = path.join(dir, 'mixed.rejects.ndjson');
    expect(output).toContain(rejectsFile);
    const rejects = await readFile(rejectsFile, 'utf8');
    expect(rejects.split('\n')).toEqual([
      expect.stringMatching(/^# line 2: INVALID_JSON: /),
      'not json',
      expect.stringMatching(/^# line 4: NOT_FOUND: /),
      MISSING_ROOM,
      '',
    ]);
    // Fixed (the bad line dropped), the rejects file goes through as it is: notes are skipped.
    await writeFile(
      rejectsFile,
      rejects.replace('not json\n', '').replaceAll('no-such-room', 'cli-room-4'),
    );
    const again = await hubCli(['ingest', rejectsFile, '--no-rejects']);
    expect(again.output).toMatch(/accepted\s+1/);
    expect(again.code).toBe(0);
  });

  it('takes the token from HUB_TOKEN', async () => {
    const file = path.join(dir, 'token.ndjson');
    await writeFile(file, `${roomLine(6)}\n`);
    const refused = await hubCli(['ingest', file], { HUB_TOKEN: 'not-a-token' });
    expect(refused.code).toBe(2);
    expect(refused.output).toContain('the gateway refused the token');
    const minted = await hubCli([
      'token',
      '--role',
      'cyber_analyst',
      '--agency',
      'MPS-CYBER',
      '--province',
      'BJ',
    ]);
    const token = minted.output.trim().split('\n')[0] ?? '';
    const accepted = await hubCli(['ingest', file], { HUB_TOKEN: token });
    expect(accepted.output).toMatch(/accepted\s+1/);
    expect(accepted.code).toBe(0);
  });

  it('exits 2 naming the URL and the cause when the gateway cannot be reached', async () => {
    const file = path.join(dir, 'unreachable.ndjson');
    await writeFile(file, `${roomLine(7)}\n`);
    const started = Date.now();
    const badPort = await hubCli(['ingest', file, '--gateway', 'http://127.0.0.1:6000/graphql']);
    expect(badPort.code).toBe(2);
    expect(badPort.output).toContain(
      'gateway unreachable at http://127.0.0.1:6000/graphql: bad port',
    );
    const port = await freePort();
    const refused = await hubCli(['ingest', file, '--gateway', `http://127.0.0.1:${port}/graphql`]);
    expect(refused.code).toBe(2);
    expect(refused.output).toContain(`ECONNREFUSED 127.0.0.1:${port}`);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('exits 2 with a clear line for a missing file', async () => {
    const { code, output } = await hubCli(['ingest', path.join(dir, 'missing.ndjson')]);
    expect(code).toBe(2);
    expect(output.trim()).toBe(
      `hub ingest: cannot read ${path.join(dir, 'missing.ndjson')}: no such file`,
    );
  });

  it('Ctrl-C: exits 130 naming the line to resume from; resuming finishes the file', async () => {
    const total = 20_000;
    const file = path.join(dir, 'big.ndjson');
    const lines = Array.from({ length: total }, (_, i) => roomLine(1000 + i));
    await writeFile(file, lines.join('\n') + '\n');
    const run = startHubProcess(['ingest', file, '--batch-size', '100'], env);
    // Stopped once the first progress line shows items confirmed (one every 5 s off a terminal).
    const deadline = Date.now() + 60_000;
    while (!/[1-9][\d,]* items/.test(run.output()) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    run.child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => run.child.once('exit', resolve));
    expect(code).toBe(130);
    const resume = /--from-line (\d+)/.exec(run.output());
    expect(resume).not.toBeNull();
    const fromLine = Number(resume?.[1]);
    expect(fromLine).toBeGreaterThan(1);
    expect(fromLine).toBeLessThanOrEqual(total);
    const rest = await hubCli(['ingest', file, '--from-line', String(fromLine)]);
    expect(rest.code).toBe(0);
    // The summary's lines (progress lines carry the same words, on one line).
    const counted = (name: string) =>
      Number(
        new RegExp(`^\\s+${name}\\s+([\\d,]+)$`, 'm').exec(rest.output)?.[1]?.replace(/,/g, ''),
      );
    const accepted = counted('accepted');
    const duplicates = counted('duplicates');
    expect(accepted + duplicates).toBe(total - fromLine + 1);
    // Every line before fromLine was confirmed by the first run: none is missing now.
    const all = await hubCli(['ingest', file, '--batch-size', '1000']);
    expect(all.output).toMatch(/^\s+accepted\s+0$/m);
    expect(all.code).toBe(0);
  }, 120_000);
});
