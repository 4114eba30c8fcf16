/**
 * Ingest throughput, side by side in one run (issue 3):
 *   1. `hub ingest`'s client (tools/ingest.ts, in a process of its own as the CLI runs)
 *      pushing an NDJSON file through the real gateway into the cyber subgraph as a
 *      cyber_analyst, items per second;
 *   2. the same rows written straight into PostgreSQL with `pg`, as plain multi-row
 *      `INSERT … ON CONFLICT DO NOTHING` in batches of the same size (the floor), items per second;
 * and their ratio. Each side has a database of its own with the cyber migrations applied; both
 * are warmed first, then each round sends a fresh file through both, and the medians are
 * reported (a shared machine's noise then hits both sides of a round alike).
 *
 *   npm run build && DATABASE_URL=postgres://… node dist/bench/ingest.bench.js [items] [batch] [rounds]
 *
 * Without DATABASE_URL an embedded PostgreSQL is started (bench/support/database.ts). The
 * gateway side is the real composition (bench/support/hub.ts → hub/start.ts). graphql-js runs slower checks unless NODE_ENV=production, as a deployed hub
 * should run; say which one a figure was measured with.
 */
import 'reflect-metadata';

import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import pg from 'pg';

import { hubConfig, type HubConfig } from '../platform/config.js';
import { ensureDatabase, provisionSubgraph } from '../platform/database/provision.js';
import { rolePassword } from '../platform/database/secrets.js';
import { idKey } from '../platform/keys.js';
import { cyberSubgraph } from '../subgraphs/cyber/index.js';
import { syntheticIntel, type RawIntelItem } from '../subgraphs/cyber/seed/synthetic.js';
import { configureIds, externalId, runMigrations } from '../subgraphs/kit/index.js';
import { ingestFile, type IngestOptions, type IngestResult } from '../tools/ingest/index.js';

import { benchDatabase } from './support/database.js';
import { startBenchHub, type BenchHub } from './support/hub.js';

export interface IngestBenchOptions {
  /** Items per round (default 20 000). */
  readonly items?: number;
  /** Items per push and per raw INSERT transaction (default 1000). */
  readonly batchSize?: number;
  /** Rounds, each a fresh file through both sides (default 3). */
  readonly rounds?: number;
  /** Batches the ingest client keeps in flight (default: the client's own, 2). */
  readonly concurrency?: number;
  /** Starts the hub the ingest goes through (default: the real composition, no seed). */
  readonly startHub?: (serverUrl: string) => Promise<BenchHub>;
  /**
   * Run the ingest client in this process instead of its own (default false: like
   * `hub ingest`, the client is a process of its own, beside the hub's).
   */
  readonly inProcess?: boolean;
}

export interface Rate {
  readonly items: number;
  readonly seconds: number;
  readonly perSecond: number;
}

export interface IngestBenchRound {
  readonly gateway: Rate;
  readonly raw: Rate;
  /** gateway / raw. */
  readonly ratio: number;
}

export interface IngestBenchResult {
  readonly rounds: IngestBenchRound[];
  readonly gatewayPerSecond: number;
  readonly rawPerSecond: number;
  /** Median of the rounds' gateway / raw ratios. */
  readonly ratio: number;
}

const defaultHub = (serverUrl: string) => startBenchHub(serverUrl, { seed: false });

function rate(items: number, ms: number): Rate {
  return { items, seconds: ms / 1000, perSecond: items / (ms / 1000) };
}

/**
 * Writes the same items twice: `file` as a client sends them (cases and persons by the opaque
 * ids the API hands out) for the gateway, and `file`.raw with the database's integers for the
 * floor's own INSERTs.
 */
async function writeSample(file: string, count: number, source: string): Promise<void> {
  const items: RawIntelItem[] = [];
  for (const item of syntheticIntel({
    seed: 3,
    source,
    rooms: Math.ceil(count / 20),
    maxHandlesPerRoom: 20,
    observationsPerRoom: [4, 12],
    caseIds: 60,
    personIds: 300,
  })) {
    items.push(item);
    if (items.length === count) {
      break;
    }
  }
  const lines = (list: readonly RawIntelItem[]) =>
    `${list.map((i) => JSON.stringify(i)).join('\n')}\n`;
  await writeFile(file, lines(items.map(withApiIds)));
  await writeFile(rawFile(file), lines(items));
}

const rawFile = (file: string) => `${file}.raw`;

/** An item as a client sends it: integer case and person ids as the API's opaque ids. */
function withApiIds(item: RawIntelItem): RawIntelItem {
  const api = (type: string, id: unknown) =>
    id === null || id === undefined ? id : externalId(type, Number(id));
  const part = (name: string) => item[name] as Record<string, unknown>;
  if (item.kind === 'HANDLE') {
    return {
      ...item,
      handle: { ...part('handle'), personId: api('Person', part('handle').personId) },
    };
  }
  if (item.kind === 'CASE_LINK') {
    return {
      ...item,
      caseLink: { ...part('caseLink'), caseId: api('Case', part('caseLink').caseId) },
    };
  }
  return item;
}

/** Rows per table for one batch, references already resolved to the ids the bench assigns. */
type Rows = Map<string, { columns: string[]; values: unknown[][] }>;

class RawRows {
  private readonly ids = new Map<string, number>();
  private next = { room: 0, handle: 0 };

  private id(kind: 'room' | 'handle', source: string, externalId: string, create = false) {
    const key = `${kind}\u0000${source}\u0000${externalId}`;
    let id = this.ids.get(key);
    if (id === undefined && create) {
      this.next[kind] += 1;
      id = this.next[kind];
      this.ids.set(key, id);
    }
    return id ?? null;
  }

  rows(batch: RawIntelItem[]): Rows {
    const rows: Rows = new Map();
    for (const item of batch) {
      for (const [table, values] of this.rowsOf(item)) {
        const entry = rows.get(table) ?? { columns: [...COLUMNS[table]], values: [] };
        entry.values.push(values);
        rows.set(table, entry);
      }
    }
    return rows;
  }

  /** A reference to a room or handle, by the part's own source or the item's. */
  private ref(
    kind: 'room' | 'handle',
    item: RawIntelItem,
    part: Record<string, unknown>,
    field: string,
  ) {
    return this.id(
      kind,
      (part[`${field}Source`] as string | undefined) ?? item.source,
      part[field] as string,
    );
  }

  /** A room and its platform. */
  private roomRows(item: RawIntelItem): [keyof typeof COLUMNS, unknown[]][] {
    const { source, externalId } = item;
    const r = item.room as Record<string, unknown>;
    return [
      ['platforms', [r.platform, r.platform]],
      [
        'chat_rooms',
        [
          this.id('room', source, externalId, true),
          source,
          externalId,
          r.platform,
          r.externalRoomId,
          r.title,
          r.city,
          r.capacity ?? null,
          r.memberCount,
          r.activeFrom ?? null,
          r.activeTo ?? null,
          r.inviteOnly ?? false,
          r.firstSeen,
          r.lastSeen ?? r.firstSeen,
        ],
      ],
    ];
  }

  /** The rows one item adds, table by table, in COLUMNS' order. */
  private rowsOf(item: RawIntelItem): [keyof typeof COLUMNS, unknown[]][] {
    const { source, externalId } = item;
    switch (item.kind) {
      case 'ROOM':
        return this.roomRows(item);
      case 'HANDLE': {
        const h = item.handle as Record<string, unknown>;
        const id = this.id('handle', source, externalId, true);
        const room = this.ref('room', item, h, 'room');
        return [
          [
            'handles',
            [id, source, externalId, room, h.handle, h.personId ?? null, h.firstSeen ?? null],
          ],
        ];
      }
      case 'INTRODUCTION': {
        const i = item.introduction as Record<string, unknown>;
        const introducer = this.ref('handle', item, i, 'introducer');
        const newcomer = this.ref('handle', item, i, 'newcomer');
        const room = this.ref('room', item, i, 'room');
        return [['introductions', [source, externalId, introducer, newcomer, room, i.at]]];
      }
      case 'OBSERVATION': {
        const o = item.observation as Record<string, unknown>;
        const room = this.ref('room', item, o, 'room');
        const { at, kind, summary, evidenceHash, reportingOfficer } = o;
        return [
          [
            'observations',
            [source, externalId, room, at, kind, summary, evidenceHash, reportingOfficer],
          ],
        ];
      }
      case 'CASE_LINK': {
        const l = item.caseLink as Record<string, unknown>;
        return [
          ['room_case_links', [source, externalId, this.ref('room', item, l, 'room'), l.caseId]],
        ];
      }
      default:
        return [];
    }
  }
}

/** The columns each table's rows fill, in order. */
const COLUMNS = {
  platforms: ['code', 'name'],
  chat_rooms: [
    'id',
    'source',
    'external_id',
    'platform_code',
    'external_room_id',
    'title',
    'city',
    'capacity',
    'member_count',
    'active_from',
    'active_to',
    'invite_only',
    'first_seen',
    'last_seen',
  ],
  handles: ['id', 'source', 'external_id', 'room_id', 'handle', 'person_id', 'first_seen'],
  introductions: ['source', 'external_id', 'introducer_id', 'newcomer_id', 'room_id', 'at'],
  observations: [
    'source',
    'external_id',
    'room_id',
    'at',
    'kind',
    'summary',
    'evidence_hash',
    'reporting_officer',
  ],
  room_case_links: ['source', 'external_id', 'room_id', 'case_id'],
} as const;

const TABLE_ORDER = [
  'platforms',
  'chat_rooms',
  'handles',
  'introductions',
  'observations',
  'room_case_links',
];

async function insertBatches(
  client: pg.Client,
  raw: RawRows,
  file: string,
  batchSize: number,
): Promise<number> {
  const items = (await readFile(file, 'utf8'))
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as RawIntelItem);
  for (let i = 0; i < items.length; i += batchSize) {
    const rows = raw.rows(items.slice(i, i + batchSize));
    await client.query('BEGIN');
    for (const table of TABLE_ORDER) {
      const entry = rows.get(table);
      if (!entry) {
        continue;
      }
      const width = entry.columns.length;
      const tuples = entry.values.map(
        (_, r) => `(${entry.columns.map((_c, c) => `$${r * width + c + 1}`).join(', ')})`,
      );
      await client.query(
        `INSERT INTO cyber.${table} (${entry.columns.join(', ')}) VALUES ${tuples.join(', ')}
         ON CONFLICT DO NOTHING`,
        entry.values.flat(),
      );
    }
    await client.query('COMMIT');
  }
  return items.length;
}

/**
 * The floor: the same rows, plain multi-row INSERT … ON CONFLICT DO NOTHING, one transaction
 * per batch, into a database of its own with the same migrations; references are resolved by
 * the bench itself (it assigns room and handle ids as it goes).
 */
class RawSide {
  private readonly rows = new RawRows();

  private constructor(
    private readonly serverUrl: string,
    private readonly database: string,
    private readonly client: pg.Client,
  ) {}

  /** A database of its own beside the hub's, with the hub's roles (cluster-wide: same secrets). */
  static async open(serverUrl: string, config: HubConfig): Promise<RawSide> {
    const database = `${config.database.prefix}_raw`;
    const url = await ensureDatabase(serverUrl, database);
    await provisionSubgraph(url, 'cyber', (role) => rolePassword(config, role));
    await runMigrations(url, 'cyber', cyberSubgraph.entities, cyberSubgraph.migrations);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return new RawSide(serverUrl, database, client);
  }

  async insert(file: string, batchSize: number): Promise<Rate> {
    const started = performance.now();
    const count = await insertBatches(this.client, this.rows, file, batchSize);
    return rate(count, performance.now() - started);
  }

  async close(): Promise<void> {
    await this.client.end();
    const admin = new pg.Client({ connectionString: this.serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(this.database)} WITH (FORCE)`);
    await admin.end();
  }
}

/** `ingestFile` in a child Node process, as `hub ingest` runs beside the hub. */
async function ingestInChild(options: IngestOptions): Promise<IngestResult> {
  const script = `require(${JSON.stringify(require.resolve('../tools/ingest/index.js'))})
    .ingestFile(JSON.parse(process.argv[1]))
    .then((result) => process.stdout.write(JSON.stringify(result)))
    .catch((error) => { console.error(error); process.exit(1); });`;
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['-e', script, JSON.stringify(options)],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as IngestResult;
}

/** Items pushed (and inserted) untimed first, so both sides run warm (JIT, caches, pools). */
const WARM_UP_ITEMS = 3000;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? NaN)
    : ((sorted[middle - 1] ?? NaN) + (sorted[middle] ?? NaN)) / 2;
};

/**
 * Warms both sides, then runs `rounds` rounds, each a fresh file through the gateway and then
 * the same file raw; a shared machine's noise hits both sides of a round alike, so the ratio
 * reported is the median of the rounds' ratios.
 */
export async function runIngestBench(
  serverUrl: string,
  options: IngestBenchOptions = {},
): Promise<IngestBenchResult> {
  const count = options.items ?? 20_000;
  const batchSize = options.batchSize ?? 1000;
  const roundCount = options.rounds ?? 3;
  const dir = await mkdtemp(path.join(tmpdir(), 'hub-ingest-bench-'));
  try {
    const hub = await (options.startHub ?? defaultHub)(serverUrl);
    configureIds(await idKey(hub.config));
    const warmUp = path.join(dir, 'warm-up.ndjson');
    await writeSample(warmUp, WARM_UP_ITEMS, 'bench-warm-up');
    const files: string[] = [];
    for (let round = 1; round <= roundCount; round += 1) {
      files.push(path.join(dir, `round-${round}.ndjson`));
      await writeSample(files[round - 1] as string, count, `bench-${round}`);
    }
    const raw = await RawSide.open(serverUrl, hub.config).catch(async (error: unknown) => {
      await hub.stop();
      throw error;
    });
    try {
      const token = await hub.token({ roles: ['cyber_analyst'] });
      const push = options.inProcess ? ingestFile : ingestInChild;
      const ingest = async (file: string, expected: number): Promise<Rate> => {
        const result = await push({
          file,
          gatewayUrl: hub.gatewayUrl,
          token,
          batchSize,
          concurrency: options.concurrency,
        });
        if (result.accepted !== expected) {
          throw new Error(`ingest accepted ${result.accepted} of ${expected} items`);
        }
        return rate(expected, result.elapsedMs);
      };
      await ingest(warmUp, WARM_UP_ITEMS);
      await raw.insert(rawFile(warmUp), batchSize);
      const rounds: IngestBenchRound[] = [];
      for (const file of files) {
        const gateway = await ingest(file, count);
        const floor = await raw.insert(rawFile(file), batchSize);
        rounds.push({ gateway, raw: floor, ratio: gateway.perSecond / floor.perSecond });
      }
      return {
        rounds,
        gatewayPerSecond: median(rounds.map((r) => r.gateway.perSecond)),
        rawPerSecond: median(rounds.map((r) => r.raw.perSecond)),
        ratio: median(rounds.map((r) => r.ratio)),
      };
    } finally {
      await raw.close();
      await hub.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function formatBench(result: IngestBenchResult): string {
  const perSecond = (value: number) => Math.round(value).toLocaleString('en-US').padStart(7);
  const lines = result.rounds.map(
    (round, i) =>
      `round ${i + 1}: gateway ${perSecond(round.gateway.perSecond)} items/s, raw ` +
      `${perSecond(round.raw.perSecond)} items/s, ratio ${(round.ratio * 100).toFixed(1)}% ` +
      `(${round.gateway.items.toLocaleString('en-US')} items: ${round.gateway.seconds.toFixed(2)} s ` +
      `vs ${round.raw.seconds.toFixed(2)} s)`,
  );
  return [
    ...lines,
    `ingest through the gateway (median): ${perSecond(result.gatewayPerSecond)} items/s`,
    `raw INSERT … ON CONFLICT (median):   ${perSecond(result.rawPerSecond)} items/s`,
    `ratio gateway / raw (median):        ${(result.ratio * 100).toFixed(1)}%`,
  ].join('\n');
}

async function main(): Promise<void> {
  const [items, batch, rounds] = process.argv.slice(2).map(Number);
  const database = await benchDatabase(hubConfig().database.url);
  try {
    const result = await runIngestBench(database.url, {
      items: Number.isFinite(items) && items ? items : undefined,
      batchSize: Number.isFinite(batch) && batch ? batch : undefined,
      rounds: Number.isFinite(rounds) && rounds ? rounds : undefined,
    });
    console.log(formatBench(result));
  } finally {
    await database.stop();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
