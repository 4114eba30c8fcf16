/**
 * Reading the audit log's tree and checkpoints from the audit store (as its writer or its
 * reader): the gateway's checkpointer and routes, the audit subgraph's proofs and
 * `hub audit verify` share these queries. Everything read here is checked by its reader against
 * a signed root; nothing here is trusted.
 */
import {
  consistencyRanges,
  inclusionRanges,
  proofHashes,
  proofNodes,
  type Hash,
  type NodeId,
} from './merkle-log.js';

/** What these readers need of a connection: pg's `query(text, values)` (or an adapter). */
export interface Db {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each reader names its rows
  query(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
}

export interface StoredCheckpoint {
  readonly size: number;
  /** The `seq` of the last record it covers. */
  readonly lastSeq: string;
  readonly root: Hash;
  /** The signed note, as the gateway signed it. */
  readonly note: string;
}

interface CheckpointRow {
  size: string;
  last_seq: string;
  root: Buffer;
  note: string;
}

const checkpointOf = (row: CheckpointRow): StoredCheckpoint => ({
  size: Number(row.size),
  lastSeq: row.last_seq,
  root: row.root,
  note: row.note,
});

/** Stored perfect nodes, by `level/index`. */
export async function readNodes(db: Db, nodes: readonly NodeId[]): Promise<Map<string, Hash>> {
  if (nodes.length === 0) {
    return new Map();
  }
  const { rows } = (await db.query(
    `SELECT n.level, n.idx, n.hash FROM audit.log_nodes n
       JOIN unnest($1::smallint[], $2::bigint[]) AS w(level, idx) USING (level, idx)`,
    [nodes.map((n) => n.level), nodes.map((n) => n.index)],
  )) as { rows: { level: number; idx: string; hash: Buffer }[] };
  return new Map(rows.map((r) => [`${r.level}/${r.idx}`, r.hash]));
}

export async function latestCheckpoint(db: Db): Promise<StoredCheckpoint | undefined> {
  const { rows } = (await db.query(
    'SELECT size, last_seq, root, note FROM audit.checkpoints ORDER BY size DESC LIMIT 1',
  )) as { rows: CheckpointRow[] };
  return rows[0] && checkpointOf(rows[0]);
}

/** The checkpoints after a size, oldest first. */
export async function checkpointsAfter(db: Db, size: number): Promise<StoredCheckpoint[]> {
  const { rows } = (await db.query(
    'SELECT size, last_seq, root, note FROM audit.checkpoints WHERE size > $1 ORDER BY size',
    [size],
  )) as { rows: CheckpointRow[] };
  return rows.map(checkpointOf);
}

/** Witnesses' co-signature lines of one checkpoint. */
export async function cosignatureLines(db: Db, size: number): Promise<string[]> {
  const { rows } = (await db.query(
    'SELECT line FROM audit.cosignatures WHERE size = $1 ORDER BY witness',
    [size],
  )) as { rows: { line: string }[] };
  return rows.map((r) => r.line);
}

/** A checkpoint's note with its witnesses' co-signatures appended. */
export async function cosignedNote(db: Db, checkpoint: StoredCheckpoint): Promise<string> {
  const lines = await cosignatureLines(db, checkpoint.size);
  return checkpoint.note + lines.map((line) => `${line}\n`).join('');
}

export async function consistencyProof(db: Db, from: number, to: number): Promise<Hash[]> {
  if (from === to) {
    return [];
  }
  const ranges = consistencyRanges(from, to);
  return proofHashes(ranges, await readNodes(db, proofNodes(ranges)));
}

export async function inclusionProof(db: Db, index: number, size: number): Promise<Hash[]> {
  const ranges = inclusionRanges(index, size);
  return proofHashes(ranges, await readNodes(db, proofNodes(ranges)));
}

/** A record's leaf: its index in the tree and its stored leaf hash (by the record's `seq`). */
export async function leafOfSeq(
  db: Db,
  seq: string,
): Promise<{ index: number; hash: Hash } | undefined> {
  const { rows } = (await db.query(
    'SELECT idx, hash FROM audit.log_nodes WHERE level = 0 AND seq = $1',
    [seq],
  )) as { rows: { idx: string; hash: Buffer }[] };
  return rows[0] && { index: Number(rows[0].idx), hash: rows[0].hash };
}
