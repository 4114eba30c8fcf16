/**
 * Writing a push set-based: one statement per kind, in dependency order (rooms, handles,
 * introductions, observations, case links), so later kinds see earlier ones of the same push.
 * Each statement takes the whole batch as one JSON parameter (`json_to_recordset`) and the
 * pusher's namespace as a second (rules.ts), resolves references by (source, external_id) in
 * that namespace only, inserts the rows whose references exist and whose keys
 * are not yet on record (in key order, so concurrent pushes take locks alike; `ON CONFLICT DO
 * NOTHING` covers a concurrent push of the same key), and answers one status row per item. An
 * unknown reference leaves its item out and is reported; it never fails the statement.
 */
import type { EntityManager } from 'typeorm';

import type {
  CaseLinkItem,
  HandleItem,
  Resolved,
  IntelRef,
  IntroductionItem,
  ObservationItem,
  RoomItem,
} from '../../../schema/intel-item.js';
import { ERROR_CODES } from '../../kit/index.js';

export type Indexed<T> = T & { readonly index: number };

/** What became of one item: written, already on record, or refused with a reason. */
export type Outcome =
  | { readonly status: 'ACCEPTED' | 'DUPLICATE' }
  | {
      readonly status: 'REJECTED';
      readonly code: typeof ERROR_CODES.NOT_FOUND | typeof ERROR_CODES.BAD_USER_INPUT;
      readonly message: string;
    };

export const ACCEPTED: Outcome = { status: 'ACCEPTED' };
export const DUPLICATE: Outcome = { status: 'DUPLICATE' };

const notFound = (what: string, ref: IntelRef): Outcome => ({
  status: 'REJECTED',
  code: ERROR_CODES.NOT_FOUND,
  message: `${what} (${ref.source}, ${ref.externalId}) is not on record`,
});

/** An input column: its name, SQL type and how to read it from an item. */
type Column<T> = readonly [name: string, sqlType: string, value: (item: T) => unknown];

/** A status row: the item's index, whether it was inserted, and which references resolved. */
interface StatusRow {
  idx: number;
  inserted: boolean;
  [flag: string]: unknown;
}

const iso = (date: Date | null) => (date === null ? null : date.toISOString());

/** SQL of the push's namespace (rules.ts): the statement's second parameter. */
const NAMESPACE = 'CAST($2 AS text)';

/**
 * The id of a row by its key in the push's namespace, as a scalar subquery: always one
 * unique-index probe per item, and never a row of another agency's namespace.
 */
function idOf(table: string, source: string, externalId: string): string {
  return `(SELECT k.id FROM cyber.${table} k
    WHERE k.pushed_by = ${NAMESPACE} AND k.source = ${source} AND k.external_id = ${externalId})`;
}

/**
 * `WITH input AS (json_to_recordset($1)), resolved AS (…), inserted AS (INSERT …) SELECT status`.
 * `resolve` lists expressions over `input` (references as {@link idOf} probes, so the plan stays
 * index lookups however stale the table statistics are) giving the table's columns and flags.
 */
function pushSql<T>(options: {
  table: string;
  input: readonly Column<T>[];
  resolve: readonly string[];
  columns: readonly string[];
  /** Which resolved rows may be inserted (their references found). */
  insertable: string;
  flags: readonly string[];
}): string {
  const record = options.input.map(([name, type]) => `${name} ${type}`).join(', ');
  const { table, columns } = options;
  return `WITH input AS (
      SELECT * FROM json_to_recordset($1::json) AS t (${record})
    ), resolved AS MATERIALIZED (
      SELECT input.*, ${[
        `${idOf(table, 'input.source', 'input.external_id')} AS existing_id`,
        ...options.resolve,
      ].join(', ')}
      FROM input
    ), inserted AS (
      INSERT INTO cyber.${table} (pushed_by, source, external_id, ${columns.join(', ')})
      SELECT ${NAMESPACE}, x.source, x.external_id, ${columns.map((c) => `x.${c}`).join(', ')}
      FROM resolved x
      WHERE x.existing_id IS NULL AND ${options.insertable}
      ORDER BY x.source, x.external_id
      ON CONFLICT DO NOTHING
      RETURNING source, external_id
    )
    SELECT x.idx, i.source IS NOT NULL AS inserted${options.flags.map((f) => `, ${f}`).join('')}
    FROM resolved x
    LEFT JOIN inserted i ON i.source = x.source AND i.external_id = x.external_id`;
}

/** The batch as the one JSON parameter: an array of records keyed by column name. */
function records<T>(items: readonly T[], columns: readonly Column<T>[]): string {
  return JSON.stringify(
    items.map((item) => {
      const record: Record<string, unknown> = {};
      for (const [name, , value] of columns) {
        record[name] = value(item);
      }
      return record;
    }),
  );
}

/** Where a push writes: the request's transaction, the pusher's namespace, the outcomes so far. */
export interface PushTarget {
  readonly manager: EntityManager;
  /** The pusher's agency (rules.ts `pushNamespace`). */
  readonly namespace: string;
  readonly outcomes: Map<number, Outcome>;
}

async function run<T extends { index: number }>(
  target: PushTarget,
  items: readonly T[],
  sql: string,
  columns: readonly Column<T>[],
  explain: (item: T, row: StatusRow) => Outcome,
): Promise<void> {
  if (items.length === 0) {
    return;
  }
  const { manager, namespace, outcomes } = target;
  const rows: StatusRow[] = await manager.query(sql, [records(items, columns), namespace]);
  const byIndex = new Map(rows.map((row) => [row.idx, row]));
  for (const item of items) {
    const row = byIndex.get(item.index);
    if (!row) {
      throw new Error(`push statement returned no status for item ${item.index}`);
    }
    outcomes.set(item.index, row.inserted ? ACCEPTED : explain(item, row));
  }
}

type KeyedItem = Indexed<{ source: string; externalId: string }>;

function keyColumns<T extends KeyedItem>(): Column<T>[] {
  return [
    ['idx', 'int', (i) => i.index],
    ['source', 'text', (i) => i.source],
    ['external_id', 'text', (i) => i.externalId],
  ];
}

export async function writeRooms(
  target: PushTarget,
  items: readonly Indexed<RoomItem>[],
): Promise<void> {
  if (items.length === 0) {
    return;
  }
  await target.manager.query(
    `INSERT INTO cyber.platforms (code, name)
     SELECT code, code FROM unnest($1::text[]) AS code ORDER BY code
     ON CONFLICT (code) DO NOTHING`,
    [[...new Set(items.map((item) => item.platform))].sort()],
  );
  const own: Column<Indexed<RoomItem>>[] = [
    ['platform_code', 'text', (i) => i.platform],
    ['external_room_id', 'text', (i) => i.externalRoomId],
    ['title', 'text', (i) => i.title],
    ['city', 'text', (i) => i.city],
    ['capacity', 'int', (i) => i.capacity],
    ['member_count', 'int', (i) => i.memberCount],
    ['active_from', 'time', (i) => i.activeFrom],
    ['active_to', 'time', (i) => i.activeTo],
    ['invite_only', 'boolean', (i) => i.inviteOnly],
    ['first_seen', 'timestamptz', (i) => iso(i.firstSeen)],
    ['last_seen', 'timestamptz', (i) => iso(i.lastSeen)],
  ];
  const input = [...keyColumns<Indexed<RoomItem>>(), ...own];
  const sql = pushSql({
    table: 'chat_rooms',
    input,
    resolve: [],
    columns: own.map(([name]) => name),
    insertable: 'true',
    flags: [],
  });
  await run(target, items, sql, input, () => DUPLICATE);
}

/** A kind whose items name one room: resolves it, reports it when unknown. */
async function writeRoomReferring<T extends KeyedItem & { room: IntelRef }>(
  target: PushTarget,
  table: string,
  items: readonly T[],
  own: readonly Column<T>[],
): Promise<void> {
  const input: Column<T>[] = [
    ...keyColumns<T>(),
    ['room_source', 'text', (i) => i.room.source],
    ['room_external_id', 'text', (i) => i.room.externalId],
    ...own,
  ];
  const sql = pushSql({
    table,
    input,
    resolve: [`${idOf('chat_rooms', 'input.room_source', 'input.room_external_id')} AS room_id`],
    columns: ['room_id', ...own.map(([name]) => name)],
    insertable: 'x.room_id IS NOT NULL',
    flags: ['x.room_id IS NOT NULL AS room_found'],
  });
  await run(target, items, sql, input, (item, row) =>
    row.room_found ? DUPLICATE : notFound('room', item.room),
  );
}

export function writeHandles(
  target: PushTarget,
  items: readonly Indexed<Resolved<HandleItem>>[],
): Promise<void> {
  return writeRoomReferring(target, 'handles', items, [
    ['handle', 'text', (i) => i.handle],
    ['person_id', 'int', (i) => i.personId],
    ['first_seen', 'timestamptz', (i) => iso(i.firstSeen)],
  ]);
}

export function writeObservations(
  target: PushTarget,
  items: readonly Indexed<ObservationItem>[],
): Promise<void> {
  return writeRoomReferring(target, 'observations', items, [
    ['at', 'timestamptz', (i) => iso(i.at)],
    ['kind', 'text', (i) => i.observationKind],
    ['summary', 'text', (i) => i.summary],
    ['evidence_hash', 'text', (i) => i.evidenceHash],
    ['reporting_officer', 'text', (i) => i.reportingOfficer],
  ]);
}

/** A link whose (room, case) pair is on record under another key counts as a duplicate. */
export function writeCaseLinks(
  target: PushTarget,
  items: readonly Indexed<Resolved<CaseLinkItem>>[],
): Promise<void> {
  return writeRoomReferring(target, 'room_case_links', items, [
    ['case_id', 'int', (i) => i.caseId],
  ]);
}

function introductionOutcome(item: IntroductionItem, row: StatusRow): Outcome {
  if (!row.introducer_found) {
    return notFound('introducer handle', item.introducer);
  }
  if (!row.newcomer_found) {
    return notFound('newcomer handle', item.newcomer);
  }
  if (!row.room_found && item.room) {
    return notFound('room', item.room);
  }
  if (row.same_handle) {
    return {
      status: 'REJECTED',
      code: ERROR_CODES.BAD_USER_INPUT,
      message: 'a handle cannot introduce itself',
    };
  }
  return DUPLICATE;
}

/** The room defaults to the newcomer's. */
export async function writeIntroductions(
  target: PushTarget,
  items: readonly Indexed<IntroductionItem>[],
): Promise<void> {
  const input: Column<Indexed<IntroductionItem>>[] = [
    ...keyColumns<Indexed<IntroductionItem>>(),
    ['introducer_source', 'text', (i) => i.introducer.source],
    ['introducer_external_id', 'text', (i) => i.introducer.externalId],
    ['newcomer_source', 'text', (i) => i.newcomer.source],
    ['newcomer_external_id', 'text', (i) => i.newcomer.externalId],
    ['room_source', 'text', (i) => i.room?.source ?? null],
    ['room_external_id', 'text', (i) => i.room?.externalId ?? null],
    ['at', 'timestamptz', (i) => iso(i.at)],
  ];
  const sql = pushSql({
    table: 'introductions',
    input,
    resolve: [
      `${idOf('handles', 'input.introducer_source', 'input.introducer_external_id')} AS introducer_id`,
      `${idOf('handles', 'input.newcomer_source', 'input.newcomer_external_id')} AS newcomer_id`,
      `CASE WHEN input.room_external_id IS NULL
         THEN (SELECT h.room_id FROM cyber.handles h
               WHERE h.pushed_by = ${NAMESPACE} AND h.source = input.newcomer_source
                 AND h.external_id = input.newcomer_external_id)
         ELSE ${idOf('chat_rooms', 'input.room_source', 'input.room_external_id')} END AS room_id`,
    ],
    columns: ['introducer_id', 'newcomer_id', 'room_id', 'at'],
    insertable: `x.introducer_id IS NOT NULL AND x.newcomer_id IS NOT NULL
      AND x.room_id IS NOT NULL AND x.introducer_id <> x.newcomer_id`,
    flags: [
      'x.introducer_id IS NOT NULL AS introducer_found',
      'x.newcomer_id IS NOT NULL AS newcomer_found',
      'x.room_id IS NOT NULL AS room_found',
      'x.introducer_id = x.newcomer_id AS same_handle',
    ],
  });
  await run(target, items, sql, input, introductionOutcome);
}
