/**
 * `hub audit prove RECORD` and `hub audit check-proof FILE`: a proof bundle shows that one audit
 * record is in the log a signed checkpoint commits to — the checkpoint note, the record's leaf
 * (its stored values, schema/audit-leaf.ts), its index and the inclusion proof. Checking needs
 * only the bundle and the log's public key: no database, no network.
 */
import pg from 'pg';

import { LEAF_FORMAT, LEAF_SELECT, leafBytes, type LeafRow } from '../../schema/audit-leaf.js';
import { inclusionProof, latestCheckpoint, leafOfSeq } from '../../schema/audit-log-store.js';
import { leafHash, verifyInclusion } from '../../schema/merkle-log.js';
import { openCheckpoint, type NoteVerifier } from '../../schema/signed-note.js';

export const PROOF_FORMAT = 'hub-audit-proof/v1';

export interface ProofBundle {
  readonly format: typeof PROOF_FORMAT;
  readonly checkpoint: string;
  readonly leafIndex: number;
  readonly treeSize: number;
  /** The leaf's bytes (base64): the record's values as a JSON array. */
  readonly leaf: string;
  readonly inclusion: readonly string[];
}

export class ProofError extends Error {
  constructor(
    readonly code: 'RECORD_NOT_FOUND' | 'NOT_YET_CHECKPOINTED' | 'BAD_PROOF' | 'BAD_BUNDLE',
    message: string,
  ) {
    super(message);
  }
}

/** A bundle for record `seq`, from the audit store as its reader. */
export async function proveRecord(readerUrl: string, seq: string): Promise<ProofBundle> {
  if (!/^[1-9][0-9]{0,18}$/.test(seq)) {
    throw new ProofError(
      'RECORD_NOT_FOUND',
      `a record is named by its number (seq), not ${JSON.stringify(seq)}`,
    );
  }
  const db = new pg.Client({ connectionString: readerUrl });
  await db.connect();
  try {
    await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const { rows } = await db.query<LeafRow>({
      text: `SELECT ${LEAF_SELECT} FROM audit.access_log r WHERE r.seq = $1`,
      values: [seq],
      rowMode: 'array',
    } as pg.QueryArrayConfig);
    const row = rows[0];
    if (!row) {
      throw new ProofError('RECORD_NOT_FOUND', `no audit record ${seq}`);
    }
    const checkpoint = await latestCheckpoint(db);
    const leaf = await leafOfSeq(db, seq);
    if (!checkpoint || !leaf || leaf.index >= checkpoint.size) {
      throw new ProofError('NOT_YET_CHECKPOINTED', `record ${seq} is not in a checkpoint yet`);
    }
    const proof = await inclusionProof(db, leaf.index, checkpoint.size);
    return {
      format: PROOF_FORMAT,
      checkpoint: checkpoint.note,
      leafIndex: leaf.index,
      treeSize: checkpoint.size,
      leaf: leafBytes(row).toString('base64'),
      inclusion: proof.map((h) => h.toString('base64')),
    };
  } finally {
    await db.end();
  }
}

/** Checks a bundle offline; the record's values when it holds, a {@link ProofError} when not. */
export function checkProof(
  bundle: unknown,
  log: NoteVerifier,
): { record: readonly (string | null)[]; size: number; index: number } {
  const b = bundle as Partial<ProofBundle> | null;
  if (
    !b ||
    b.format !== PROOF_FORMAT ||
    typeof b.checkpoint !== 'string' ||
    typeof b.leaf !== 'string' ||
    !Number.isSafeInteger(b.leafIndex) ||
    !Array.isArray(b.inclusion) ||
    !b.inclusion.every((h) => typeof h === 'string')
  ) {
    throw new ProofError('BAD_BUNDLE', `not a ${PROOF_FORMAT} bundle`);
  }
  let opened;
  try {
    opened = openCheckpoint(b.checkpoint, log);
  } catch (error) {
    throw new ProofError('BAD_PROOF', `the checkpoint does not hold: ${(error as Error).message}`);
  }
  const leaf = Buffer.from(b.leaf, 'base64');
  const index = b.leafIndex as number;
  const { size, root } = opened.checkpoint;
  const proof = b.inclusion.map((h) => Buffer.from(h, 'base64'));
  if (!verifyInclusion(index, size, leafHash(leaf), proof, root)) {
    throw new ProofError(
      'BAD_PROOF',
      `the record is not leaf ${index} of the log's checkpoint ${size}: altered record or wrong proof`,
    );
  }
  let values: unknown;
  try {
    values = JSON.parse(leaf.toString('utf8'));
  } catch {
    values = undefined;
  }
  if (!Array.isArray(values) || values[0] !== LEAF_FORMAT) {
    throw new ProofError('BAD_BUNDLE', 'the leaf is not an audit record');
  }
  return { record: values.slice(1) as (string | null)[], size, index };
}
