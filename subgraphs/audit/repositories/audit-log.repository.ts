/**
 * Proofs of the audit log, read from the audit store as the audit subgraph's reader. Nothing
 * here is trusted by whoever receives it: each proof is checked against a signed checkpoint (and
 * `hub audit check-proof` does so offline).
 */
import type { EntityManager } from 'typeorm';

import { LEAF_SELECT, leafBytes, type LeafRow } from '../../../schema/audit-leaf.js';
import {
  consistencyProof,
  cosignatureLines,
  inclusionProof,
  latestCheckpoint,
  leafOfSeq,
  type StoredCheckpoint,
} from '../../../schema/audit-log-store.js';
import { parseNote } from '../../../schema/signed-note.js';
import { BadUserInputError } from '../../kit/index.js';
import type {
  AuditCheckpoint,
  AuditConsistencyProof,
  AuditInclusionProof,
} from '../entities/audit-log-proof.type.js';

/** The pg-style `query` the shared readers take, over a TypeORM manager. */
function db(manager: EntityManager) {
  return {
    query: async <R>(text: string, values?: unknown[]) => ({
      rows: (await manager.query(text, values)) as R[],
    }),
  };
}

async function checkpointOf(
  manager: EntityManager,
  stored: StoredCheckpoint,
): Promise<AuditCheckpoint> {
  const lines = await cosignatureLines(db(manager), stored.size);
  return {
    size: stored.size,
    rootHash: stored.root.toString('base64'),
    lastRecordId: stored.lastSeq,
    note: stored.note + lines.map((line) => `${line}\n`).join(''),
    cosignedBy: lines.map((line) => parseNote(`x\n\n${line}\n`).signatures[0]?.name ?? ''),
  };
}

export async function currentCheckpoint(manager: EntityManager): Promise<AuditCheckpoint | null> {
  const stored = await latestCheckpoint(db(manager));
  return stored ? checkpointOf(manager, stored) : null;
}

export async function recordProof(
  manager: EntityManager,
  recordId: string,
): Promise<AuditInclusionProof | null> {
  if (!/^[1-9][0-9]{0,18}$/.test(recordId)) {
    return null;
  }
  const rows = (await manager.query(
    `SELECT ARRAY[${LEAF_SELECT}] AS leaf FROM audit.access_log r WHERE r.seq = $1`,
    [recordId],
  )) as { leaf: LeafRow }[];
  const row = rows[0];
  if (!row) {
    return null;
  }
  const stored = await latestCheckpoint(db(manager));
  const leaf = await leafOfSeq(db(manager), recordId);
  if (!stored || !leaf || leaf.index >= stored.size) {
    throw new BadUserInputError(`record ${recordId} is not in a checkpoint yet: ask again shortly`);
  }
  const hashes = await inclusionProof(db(manager), leaf.index, stored.size);
  return {
    recordId,
    leafIndex: leaf.index,
    leaf: leafBytes(row.leaf).toString('base64'),
    hashes: hashes.map((h) => h.toString('base64')),
    checkpoint: await checkpointOf(manager, stored),
  };
}

export async function sizesProof(
  manager: EntityManager,
  fromSize: number,
  toSize: number,
): Promise<AuditConsistencyProof> {
  const stored = await latestCheckpoint(db(manager));
  if (fromSize < 1 || fromSize > toSize || !stored || toSize > stored.size) {
    throw new BadUserInputError(
      `fromSize and toSize are checkpointed tree sizes, 1 ≤ fromSize ≤ toSize ≤ ${stored?.size ?? 0}`,
    );
  }
  const hashes = await consistencyProof(db(manager), fromSize, toSize);
  return { fromSize, toSize, hashes: hashes.map((h) => h.toString('base64')) };
}
