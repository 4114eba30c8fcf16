/**
 * `hub audit verify`, the Merkle part: checks the audit log outside the database. It reads the
 * records as the audit store's reader (plain SELECTs of built-in types: no function of the
 * database is asked anything), recomputes the tree, and holds every signed checkpoint, every
 * witness co-signature and every witness's own copy against it.
 *
 * Incremental: the tree's edge at the last verified checkpoint is kept in a local state file
 * (`verified.json` in the state directory), so a run reads only the records added since. Records
 * already verified are read again only with `--full` (or a fresh state directory): a record
 * altered after it was verified is caught by a full run, by any inclusion proof of it, and —
 * should the history be rewritten to hide it — by the witnesses' copies.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

import pg from 'pg';

import { LEAVES_AFTER_SQL, leafHashOf, leafSeq, type LeafRow } from '../../schema/audit-leaf.js';
import {
  checkpointsAfter,
  consistencyProof,
  latestCheckpoint,
  type StoredCheckpoint,
} from '../../schema/audit-log-store.js';
import { Frontier, verifyConsistency, type Hash } from '../../schema/merkle-log.js';
import {
  NoteError,
  openCheckpoint,
  parseNote,
  signatureValid,
  signedBy,
  type NoteVerifier,
} from '../../schema/signed-note.js';

export type Verdict = 'holds' | 'broken' | 'unknown';

export interface LogVerification {
  readonly verdict: Verdict;
  /** What was checked, one line each; the problem last when broken. */
  readonly lines: readonly string[];
  readonly problem?: string;
  readonly verifiedSize: number;
  readonly recordsRead: number;
}

export interface VerifyOptions {
  readonly readerUrl: string;
  readonly log: NoteVerifier;
  readonly witnesses: readonly NoteVerifier[];
  readonly stateDir: string;
  readonly full?: boolean;
  /** Witnesses' own copies of the last checkpoint they co-signed (note texts, by source). */
  readonly witnessCopies?: readonly { readonly source: string; readonly note: string }[];
  /** Records read per query. */
  readonly batch?: number;
}

interface State {
  readonly origin: string;
  readonly size: number;
  readonly lastSeq: string;
  readonly edge: readonly string[];
  readonly checkpoint: string;
}

const STATE_FILE = 'verified.json';

async function loadState(dir: string, origin: string): Promise<State | undefined> {
  try {
    const state = JSON.parse(await readFile(path.join(dir, STATE_FILE), 'utf8')) as State;
    return state.origin === origin ? state : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
}

async function saveState(dir: string, state: State): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, STATE_FILE);
  await writeFile(`${file}.tmp`, JSON.stringify(state), { mode: 0o600 });
  await rename(`${file}.tmp`, file);
}

class Broken extends Error {}

/** Names the first leaf of [from, to) whose record differs from what the tree stored. */
async function firstDifference(
  db: pg.ClientBase,
  from: number,
  computed: readonly { seq: string; hash: Hash }[],
): Promise<string | undefined> {
  const { rows } = await db.query<{ idx: string; seq: string | null; hash: Buffer }>(
    'SELECT idx, seq, hash FROM audit.log_nodes WHERE level = 0 AND idx >= $1 AND idx < $2 ORDER BY idx',
    [from, from + computed.length + 1],
  );
  const stored = new Map(rows.map((r) => [Number(r.idx), r]));
  for (let i = 0; i < computed.length; i += 1) {
    const mine = computed[i] as { seq: string; hash: Hash };
    const theirs = stored.get(from + i);
    if (!theirs) {
      return undefined;
    }
    if (theirs.seq !== mine.seq) {
      return `record ${theirs.seq} (leaf ${from + i}) was removed or moved: the records hold ${mine.seq} there`;
    }
    if (!theirs.hash.equals(mine.hash)) {
      return `record ${mine.seq} (leaf ${from + i}) was altered`;
    }
  }
  return undefined;
}

export async function verifyAuditLog(options: VerifyOptions): Promise<LogVerification> {
  const lines: string[] = [];
  const db = new pg.Client({ connectionString: options.readerUrl });
  let recordsRead = 0;
  let verifiedSize = 0;
  try {
    await db.connect();
  } catch (error) {
    return {
      verdict: 'unknown',
      lines: [],
      problem: `cannot reach the audit store: ${(error as Error).message}`,
      verifiedSize,
      recordsRead,
    };
  }
  try {
    await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const state = options.full ? undefined : await loadState(options.stateDir, options.log.name);
    const frontier = state
      ? Frontier.of(
          state.size,
          state.edge.map((h) => Buffer.from(h, 'base64')),
        )
      : Frontier.empty();
    let lastSeq = state?.lastSeq ?? '0';
    verifiedSize = state?.size ?? 0;
    lines.push(
      state
        ? `continuing from checkpoint ${state.size} verified earlier (use --full to re-read every record)`
        : 'verifying every record from the start',
    );

    const latest = await latestCheckpoint(db);
    if (state) {
      const { rows } = await db.query<{ note: string }>(
        'SELECT note FROM audit.checkpoints WHERE size = $1',
        [state.size],
      );
      const stored = rows[0]?.note;
      if (!stored || parseNote(stored).body !== parseNote(state.checkpoint).body) {
        throw new Broken(
          `checkpoint ${state.size}, verified earlier, is ${stored ? 'changed' : 'gone'} in the store (latest there: ${latest?.size ?? 'none'}): the log's history was rewritten or cut`,
        );
      }
    }
    const checkpoints = await checkpointsAfter(db, verifiedSize);
    let verifiedNote = state?.checkpoint;
    let segment: { seq: string; hash: Hash }[] = [];
    let segmentStart = verifiedSize;
    let previous: StoredCheckpoint | undefined;
    for (const stored of checkpoints) {
      let opened;
      try {
        opened = openCheckpoint(stored.note, options.log);
      } catch (error) {
        throw new Broken(
          `checkpoint ${stored.size} is not signed by the log's key (${(error as NoteError).message}): forged or altered`,
        );
      }
      if (opened.checkpoint.size !== stored.size || !opened.checkpoint.root.equals(stored.root)) {
        throw new Broken(`checkpoint ${stored.size}'s columns differ from its signed note`);
      }
      // Read the records up to this checkpoint's size, extending the verified edge.
      while (frontier.length < stored.size) {
        const { rows } = await db.query<LeafRow>({
          text: LEAVES_AFTER_SQL,
          values: [lastSeq, Math.min(options.batch ?? 10_000, stored.size - frontier.length)],
          rowMode: 'array',
        } as pg.QueryArrayConfig);
        if (rows.length === 0) {
          const { rows: missing } = await db.query<{ seq: string }>(
            'SELECT seq FROM audit.log_nodes WHERE level = 0 AND idx = $1',
            [frontier.length],
          );
          const named = missing[0]
            ? `record ${missing[0].seq} (leaf ${frontier.length})`
            : `leaf ${frontier.length}`;
          throw new Broken(
            `records are missing: checkpoint ${stored.size} covers ${stored.size} records but the store holds ${frontier.length} after record ${lastSeq}; the first missing is ${named}`,
          );
        }
        for (const row of rows) {
          const hash = leafHashOf(row);
          frontier.append(hash);
          segment.push({ seq: leafSeq(row), hash });
        }
        recordsRead += rows.length;
        lastSeq = leafSeq(rows[rows.length - 1] as LeafRow);
      }
      if (!frontier.root().equals(opened.checkpoint.root)) {
        const named = await firstDifference(db, segmentStart, segment);
        throw new Broken(
          `${named ?? `a record after ${previous?.lastSeq ?? 'the start'} up to ${stored.lastSeq} was altered, removed or inserted`}: the records no longer give checkpoint ${stored.size}'s signed root`,
        );
      }
      if (stored.lastSeq !== lastSeq) {
        throw new Broken(
          `checkpoint ${stored.size} ends at record ${stored.lastSeq}, the records at ${lastSeq}`,
        );
      }
      verifiedSize = stored.size;
      verifiedNote = stored.note;
      segment = [];
      segmentStart = verifiedSize;
      previous = stored;
    }
    lines.push(
      `${recordsRead} records read; ${checkpoints.length} new checkpoints hold (signed by ${options.log.name})`,
    );
    if (verifiedSize > 0) {
      lines.push(`tree of ${verifiedSize} records, root ${frontier.root().toString('base64')}`);
    }
    const { rows: pending } = await db.query<{ n: string }>(
      'SELECT count(*) AS n FROM (SELECT 1 FROM audit.access_log WHERE seq > $1 LIMIT 100000) t',
      [lastSeq],
    );
    if (Number(pending[0]?.n ?? 0) > 0) {
      lines.push(`${pending[0]?.n} newer records are not in a checkpoint yet`);
    }

    await checkCosignatures(db, options.witnesses, verifiedSize, lines);
    for (const copy of options.witnessCopies ?? []) {
      await checkWitnessCopy(db, options, copy, verifiedSize, frontier.root(), lines);
    }
    await db.query('COMMIT');
    if (verifiedSize > 0 && verifiedNote) {
      await saveState(options.stateDir, {
        origin: options.log.name,
        size: verifiedSize,
        lastSeq,
        edge: frontier.edge.map((h) => h.toString('base64')),
        checkpoint: verifiedNote,
      });
    }
    return { verdict: 'holds', lines, verifiedSize, recordsRead };
  } catch (error) {
    if (error instanceof Broken) {
      return { verdict: 'broken', lines, problem: error.message, verifiedSize, recordsRead };
    }
    return {
      verdict: 'unknown',
      lines,
      problem: (error as Error).message,
      verifiedSize,
      recordsRead,
    };
  } finally {
    await db.end().catch(() => undefined);
  }
}

async function checkCosignatures(
  db: pg.ClientBase,
  witnesses: readonly NoteVerifier[],
  upTo: number,
  lines: string[],
): Promise<void> {
  const { rows } = await db.query<{ size: string; witness: string; line: string; note: string }>(
    `SELECT c.size, c.witness, c.line, k.note FROM audit.cosignatures c
       JOIN audit.checkpoints k USING (size) WHERE c.size <= $1 ORDER BY c.size DESC LIMIT 1000`,
    [upTo],
  );
  let valid = 0;
  for (const row of rows) {
    const witness = witnesses.find((w) => w.name === row.witness);
    const note = parseNote(`${row.note}${row.line}\n`);
    const line = note.signatures[note.signatures.length - 1];
    if (!witness) {
      continue;
    }
    if (!line || !signatureValid(witness, note.body, line)) {
      throw new Broken(
        `witness ${row.witness}'s co-signature of checkpoint ${row.size} is not valid`,
      );
    }
    valid += 1;
  }
  lines.push(`${valid} stored witness co-signatures hold (${witnesses.length} witness keys known)`);
}

async function checkWitnessCopy(
  db: pg.ClientBase,
  options: VerifyOptions,
  copy: { source: string; note: string },
  verifiedSize: number,
  verifiedRoot: Hash,
  lines: string[],
): Promise<void> {
  let opened;
  try {
    opened = openCheckpoint(copy.note, options.log);
  } catch (error) {
    throw new Broken(
      `${copy.source}: not a checkpoint signed by the log (${(error as Error).message})`,
    );
  }
  const signers = options.witnesses.filter((w) => signedBy(w, opened.note).length > 0);
  const who = signers.map((w) => w.name).join(', ') || 'no known witness';
  const { size, root } = opened.checkpoint;
  if (size > verifiedSize) {
    throw new Broken(
      `${copy.source} (co-signed by ${who}) holds checkpoint ${size}, but the store's records verify only up to ${verifiedSize}: records or checkpoints were removed`,
    );
  }
  const proof = size === verifiedSize ? [] : await consistencyProof(db, size, verifiedSize);
  if (!verifyConsistency(size, verifiedSize, root, verifiedRoot, proof)) {
    throw new Broken(
      `${copy.source} (co-signed by ${who}) holds checkpoint ${size}, which the verified tree of ${verifiedSize} does not extend: the history was forked or rewritten`,
    );
  }
  lines.push(`${copy.source}: checkpoint ${size} co-signed by ${who} is consistent with the tree`);
}
