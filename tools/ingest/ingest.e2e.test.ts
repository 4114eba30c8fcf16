/*
 * The bulk-ingest client against a stand-in gateway (real HTTP) that forwards each push to a
 * real cyber subgraph on real PostgreSQL, as the gateway would, with a signed internal context.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { cyberSubgraph } from '../../subgraphs/cyber/index.js';
import {
  SAMPLE_FILE_OPTIONS,
  syntheticIntel,
  toNdjson,
  type RawIntelItem,
} from '../../subgraphs/cyber/seed/synthetic.js';
import { withAdmin } from '../../test/support/database.js';
import { startTestSubgraph, type TestSubgraph } from '../../test/support/subgraph.js';

import {
  consoleReporter,
  formatProgress,
  formatSummary,
  ingestFile,
  IngestError,
  PUSH_ROOM_INTEL,
  type IngestOptions,
  type IngestProblem,
  type IngestProgress,
} from './index.js';

const TOKEN = 'test-cyber-analyst-token';
const SAMPLE = path.join(__dirname, '..', '..', 'samples', 'room-intel.ndjson');
const TABLES = ['chat_rooms', 'handles', 'introductions', 'observations', 'room_case_links'];

interface Gateway {
  url: string;
  requests: number;
  /** Decides per request: answer it (default), or do something else first. */
  intercept?: (request: number, items: RawIntelItem[]) => Promise<'forward' | Response>;
  close(): Promise<void>;
}

let sub: TestSubgraph;
let gateway: Gateway;
let dir: string;

async function startGateway(target: TestSubgraph): Promise<Gateway> {
  const state: Gateway = { url: '', requests: 0, close: async () => undefined };
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) {
      chunks.push(chunk as Buffer);
    }
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
      query: string;
      variables: { items: RawIntelItem[] };
    };
    state.requests += 1;
    const send = (status: number, payload: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(payload));
    };
    if (request.headers.authorization !== `Bearer ${TOKEN}`) {
      send(401, { errors: [{ message: 'bad token', extensions: { code: 'UNAUTHENTICATED' } }] });
      return;
    }
    const decision = (await state.intercept?.(state.requests, body.variables.items)) ?? 'forward';
    if (decision !== 'forward') {
      send(decision.status, await decision.json());
      return;
    }
    const result = await target.query(body.query, {
      roles: ['cyber_analyst'],
      variables: body.variables,
    });
    send(result.status, result.body);
  };
  const server: Server = createServer((request, response) => {
    handle(request, response).catch(() => {
      response.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}

beforeAll(async () => {
  sub = await startTestSubgraph(cyberSubgraph);
  gateway = await startGateway(sub);
  dir = await mkdtemp(path.join(tmpdir(), 'hub-ingest-test-'));
});
afterAll(async () => {
  await gateway?.close();
  await sub?.stop();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  gateway.intercept = undefined;
  gateway.requests = 0;
});

function options(file: string, extra: Partial<IngestOptions> = {}): IngestOptions {
  return { file, gatewayUrl: gateway.url, token: TOKEN, retryDelayMs: 10, ...extra };
}

async function rowsOf(source: string): Promise<Record<string, number>> {
  return withAdmin(sub.database.url, async (client) => {
    const counts: Record<string, number> = {};
    for (const table of TABLES) {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM cyber.${table} WHERE source = $1`,
        [source],
      );
      counts[table] = rows[0]?.n ?? -1;
    }
    return counts;
  });
}

function expectedRows(items: RawIntelItem[]): Record<string, number> {
  const table: Record<string, string> = {
    ROOM: 'chat_rooms',
    HANDLE: 'handles',
    INTRODUCTION: 'introductions',
    OBSERVATION: 'observations',
    CASE_LINK: 'room_case_links',
  };
  const counts = Object.fromEntries(TABLES.map((name) => [name, 0]));
  for (const item of items) {
    counts[table[item.kind] as string] += 1;
  }
  return counts;
}

function intel(source: string, count: number): RawIntelItem[] {
  const items: RawIntelItem[] = [];
  for (const item of syntheticIntel({ ...SAMPLE_FILE_OPTIONS, source, rooms: 500 })) {
    items.push(item);
    if (items.length === count) {
      break;
    }
  }
  return items;
}

async function file(name: string, text: string): Promise<string> {
  const target = path.join(dir, name);
  await writeFile(target, text);
  return target;
}

describe('the sample file', () => {
  it('is what the generator makes', async () => {
    expect(await readFile(SAMPLE, 'utf8')).toBe(toNdjson(syntheticIntel(SAMPLE_FILE_OPTIONS)));
  });

  it('ingests whole, then a second run finds only duplicates', async () => {
    const items = [...syntheticIntel(SAMPLE_FILE_OPTIONS)];
    const progress: IngestProgress[] = [];
    const first = await ingestFile(
      options(SAMPLE, { batchSize: 50, onProgress: (p) => progress.push(p) }),
    );
    expect(first).toMatchObject({
      lines: items.length,
      accepted: items.length,
      duplicates: 0,
      rejected: 0,
      invalid: 0,
      batches: Math.ceil(items.length / 50),
      problems: [],
    });
    expect(progress.at(-1)).toMatchObject({ done: true, bytesRead: progress.at(-1)?.totalBytes });
    const rows = await rowsOf('gs-cyber');
    expect(rows).toEqual(expectedRows(items));
    const again = await ingestFile(options(SAMPLE, { batchSize: 1000 }));
    expect(again).toMatchObject({ accepted: 0, duplicates: items.length, rejected: 0 });
    expect(await rowsOf('gs-cyber')).toEqual(rows);
  });
});

describe('bad lines', () => {
  it('reports 1% bad lines by number and ingests the rest', async () => {
    const items = intel('bad-lines', 2000);
    const lines = items.map((item) => JSON.stringify(item));
    // Observations have nothing referring to them, so replacing one leaves no knock-on.
    const observations = items
      .map((item, i) => (item.kind === 'OBSERVATION' ? i : -1))
      .filter((i) => i >= 0);
    const broken = observations.filter((_, i) => i % Math.floor(observations.length / 20) === 3);
    const bad = broken.slice(0, 20);
    const expected: IngestProblem[] = bad.map((index, n) => {
      const item = items[index] as RawIntelItem;
      const observation = item.observation as Record<string, unknown>;
      const line = index + 1;
      if (n % 4 === 0) {
        lines[index] = `${lines[index]?.slice(0, 40)}`;
        return { line, code: 'INVALID_JSON', message: expect.any(String) as string };
      }
      if (n % 4 === 1) {
        lines[index] = JSON.stringify({
          ...item,
          observation: { ...observation, kind: 'DANCING' },
        });
        return {
          line,
          code: 'BAD_USER_INPUT',
          message: expect.stringMatching(/^observation\.kind: must be one of/) as string,
        };
      }
      if (n % 4 === 2) {
        lines[index] = JSON.stringify({
          ...item,
          observation: { ...observation, at: 'yesterday' },
        });
        return {
          line,
          code: 'BAD_USER_INPUT',
          message: 'observation.at: must be an RFC 3339 date-time',
        };
      }
      lines[index] = JSON.stringify({
        ...item,
        observation: { ...observation, room: 'no-such-room' },
      });
      return {
        line,
        code: 'NOT_FOUND',
        message: 'room (bad-lines, no-such-room) is not on record',
      };
    });
    const input = await file('bad-lines.ndjson', `${lines.join('\n')}\n`);
    const problems: IngestProblem[] = [];
    const result = await ingestFile(
      options(input, { batchSize: 300, onProblem: (p) => problems.push(p) }),
    );
    expect(bad).toHaveLength(20);
    expect([...problems].sort((a, b) => a.line - b.line)).toEqual(expected);
    expect(result).toMatchObject({ lines: 2000, accepted: 1980, invalid: 15, rejected: 5 });
    const good = items.filter((_, i) => !bad.includes(i));
    expect(await rowsOf('bad-lines')).toEqual(expectedRows(good));
  });

  it('skips blank lines, reads CRLF and a BOM, refuses an endless line', async () => {
    const items = intel('odd-lines', 3);
    const text =
      `\uFEFF${JSON.stringify(items[0])}\r\n\r\n   \n${JSON.stringify(items[1])}\r\n` +
      `"${'x'.repeat(1_100_000)}"\n${JSON.stringify(items[2])}`;
    const result = await ingestFile(options(await file('odd.ndjson', text)));
    expect(result).toMatchObject({ lines: 4, accepted: 3, invalid: 1 });
    expect(result.problems).toEqual([
      { line: 5, code: 'BAD_USER_INPUT', message: 'line longer than 1000000 bytes' },
    ]);
  });

  it('halves a batch the server refuses whole until the culprit line stands alone', async () => {
    const items = intel('refused-whole', 40);
    // An observation: nothing refers to it, so nothing else fails with it.
    const poisoned = items.map((item) => item.kind).lastIndexOf('OBSERVATION');
    gateway.intercept = async (_request, batch) =>
      batch.some((item) => item.externalId === items[poisoned]?.externalId)
        ? Response.json(
            {
              errors: [
                {
                  message: 'Variable "$items" got invalid value',
                  extensions: { code: 'BAD_USER_INPUT' },
                },
              ],
            },
            { status: 400 },
          )
        : 'forward';
    const input = await file('refused.ndjson', toNdjson(items));
    const result = await ingestFile(options(input, { batchSize: 40 }));
    expect(result.problems).toEqual([
      {
        line: poisoned + 1,
        code: 'BAD_USER_INPUT',
        message: 'BAD_USER_INPUT: Variable "$items" got invalid value',
      },
    ]);
    expect(result).toMatchObject({ accepted: 39, rejected: 1, invalid: 0 });
  });
});

describe('failures', () => {
  it('retries a batch the gateway could not take, then finishes', async () => {
    gateway.intercept = async (request) =>
      request <= 2
        ? Response.json(
            {
              errors: [{ message: 'audit store down', extensions: { code: 'AUDIT_UNAVAILABLE' } }],
            },
            { status: 503 },
          )
        : 'forward';
    const items = intel('retried', 120);
    const result = await ingestFile(options(await file('retried.ndjson', toNdjson(items))));
    expect(result.accepted).toBe(120);
    expect(gateway.requests).toBe(3);
  });

  it('stops with IngestError when the token is refused', async () => {
    const input = await file('refused-token.ndjson', toNdjson(intel('no-token', 5)));
    const run = ingestFile({ ...options(input), token: 'wrong' });
    await expect(run).rejects.toBeInstanceOf(IngestError);
    await expect(run).rejects.toThrow(/refused the token .*run the same file again/);
  });

  it('gives up after its retries when the gateway stays down', async () => {
    gateway.intercept = async () => Response.json({ errors: [] }, { status: 502 });
    const input = await file('down.ndjson', toNdjson(intel('down', 5)));
    await expect(ingestFile(options(input, { retries: 2 }))).rejects.toThrow(IngestError);
    expect(gateway.requests).toBe(3);
  });

  it('waits for an earlier batch still in flight before calling a reference unknown', async () => {
    const items = intel('in-flight', 200);
    gateway.intercept = async (request) => {
      if (request === 1) {
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      return 'forward';
    };
    const input = await file('in-flight.ndjson', toNdjson(items));
    const result = await ingestFile(options(input, { batchSize: 20, concurrency: 3 }));
    expect(result).toMatchObject({ accepted: 200, rejected: 0, problems: [] });
    expect(gateway.requests).toBeGreaterThan(10);
    expect(await rowsOf('in-flight')).toEqual(expectedRows(items));
  });

  it('ends with the rows of one clean run when killed midway and run again', async () => {
    const compiled = path.join(__dirname, '..', '..', 'dist', 'tools', 'ingest', 'index.js');
    if (!existsSync(compiled)) {
      throw new Error(`${compiled} is missing: build first (npm test does)`);
    }
    const items = intel('crash', 1500);
    const input = await file('crash.ndjson', toNdjson(items));
    const child = spawn(
      process.execPath,
      [
        '-e',
        `require(${JSON.stringify(compiled)}).ingestFile(JSON.parse(process.argv[1]))`,
        JSON.stringify(options(input, { batchSize: 100, concurrency: 1 })),
      ],
      { stdio: 'ignore' },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    gateway.intercept = async (request, batch) => {
      if (request < 5) {
        return 'forward';
      }
      if (request === 5) {
        // The fifth push is written, but the client dies before it hears so.
        await sub.query(PUSH_ROOM_INTEL, { roles: ['cyber_analyst'], variables: { items: batch } });
        child.kill('SIGKILL');
      }
      return Response.json({ errors: [] }, { status: 503 });
    };
    expect(await exited).toBe('SIGKILL');
    const partial = await rowsOf('crash');
    const total = (counts: Record<string, number>) =>
      Object.values(counts).reduce((a, b) => a + b, 0);
    expect(total(partial)).toBe(500);
    gateway.intercept = undefined;
    const rerun = await ingestFile(options(input, { batchSize: 100 }));
    expect(rerun.duplicates).toBe(total(partial));
    expect(rerun.accepted + rerun.duplicates).toBe(1500);
    expect(await rowsOf('crash')).toEqual(expectedRows(items));
  });
});

describe('console output', () => {
  const progress: IngestProgress = {
    lines: 5000,
    accepted: 4000,
    duplicates: 900,
    rejected: 50,
    invalid: 50,
    batches: 10,
    bytesRead: 500_000,
    totalBytes: 1_000_000,
    elapsedMs: 2000,
    done: false,
  };

  it('shows rate, counts and ETA', () => {
    expect(formatProgress(progress, 10)).toBe(
      '[#####-----]  50.0%  4,950 items  2,475/s  accepted 4,000  duplicates 900  ' +
        'rejected 50  invalid 50  ETA 0:02',
    );
  });

  it('redraws one line on a terminal and prints plain lines otherwise', () => {
    const written = (tty: boolean) => {
      const chunks: string[] = [];
      const stream = {
        isTTY: tty,
        columns: 200,
        write: (chunk: string) => chunks.push(chunk) > 0,
      } as unknown as NodeJS.WritableStream;
      const reporter = consoleReporter(stream, { redrawMs: 0, lineIntervalMs: 0 });
      reporter.onProgress?.(progress);
      reporter.onProblem?.({ line: 7, code: 'INVALID_JSON', message: 'Unexpected token' });
      reporter.onProgress?.({ ...progress, done: true });
      return chunks.join('');
    };
    const terminal = written(true);
    // cli-progress redraws in place (carriage return), with the problem printed above the bar.
    expect(terminal.includes('\r') || terminal.includes('\u001b[')).toBe(true);
    expect(terminal).toContain('line 7: INVALID_JSON: Unexpected token\n');
    expect(terminal).toContain('took 0:02');
    expect(terminal).toMatch(/\[#{5,}-{5,}\]/);
    const plain = written(false);
    expect(plain).not.toContain('\r');
    expect(plain.split('\n').filter(Boolean)).toHaveLength(3);
  });

  it('sums up a run', () => {
    const summary = formatSummary({
      ...progress,
      file: 'intel.ndjson',
      itemsPerSecond: 2475,
      elapsedMs: 2000,
      problems: [],
    });
    expect(summary).toContain('intel.ndjson: 5,000 lines in 2.0 s (2,475 items/s, 10 batches)');
    expect(summary).toContain('  rejected   50');
  });
});
