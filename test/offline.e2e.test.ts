/*
 * Offline by construction: the hub starts in a network namespace with only loopback, serves a
 * query, and no process of it tries to connect anywhere but loopback (traced with strace).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

const LOOPBACK =
  /sin_addr=inet_addr\("127\.|inet_pton\(AF_INET6, "::1"\)|sin6_addr=inet_pton\(AF_INET6, "::ffff:127\./;

/** The destinations of inet connect() calls in an strace log that are not loopback. */
export function nonLoopbackConnects(trace: string): string[] {
  return trace
    .split('\n')
    .filter((line) => /connect\(/.test(line) && /AF_INET6?/.test(line) && !LOOPBACK.test(line));
}

describe('offline', () => {
  let home: string;
  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'hub-offline-'));
    await chmod(home, 0o755);
  });
  afterAll(() => rm(home, { recursive: true, force: true }));

  it('detects a non-loopback connect in a trace', () => {
    const trace = [
      '12 connect(21, {sa_family=AF_INET, sin_port=htons(5599), sin_addr=inet_addr("127.0.0.1")}, 16) = 0',
      '13 connect(22, {sa_family=AF_INET, sin_port=htons(80), sin_addr=inet_addr("169.254.169.254")}, 16) = -1 ENETUNREACH',
      '14 connect(5, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT',
    ].join('\n');
    expect(nonLoopbackConnects(trace)).toEqual([expect.stringContaining('169.254.169.254')]);
  });

  it('starts, serves a query and connects to nothing but loopback', async () => {
    const probe = path.join(__dirname, 'support', 'offline-probe.mjs');
    const trace = path.join(home, 'connect.trace');
    const { stdout } = await run(
      'unshare',
      [
        '-n',
        'sh',
        '-c',
        `ip link set lo up && exec "${process.execPath}" "${probe}" "${home}" "${trace}"`,
      ],
      { maxBuffer: 64 * 1024 * 1024, timeout: 170_000 },
    );
    const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      ready: boolean;
      status: number;
      body: { data?: { cases: { totalCount: number } } };
      output: string;
      trace: string;
    };
    expect({ ready: result.ready, output: result.ready ? '' : result.output }).toEqual({
      ready: true,
      output: '',
    });
    expect(result.status).toBe(200);
    expect(result.body.data?.cases.totalCount).toBeGreaterThan(0);
    const connects = result.trace.split('\n').filter((line) => line.includes('connect('));
    expect(connects.length).toBeGreaterThan(0);
    expect(nonLoopbackConnects(result.trace)).toEqual([]);
  }, 180_000);
});
