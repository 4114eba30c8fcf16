/**
 * The audit log's leaves: what of an audit record the Merkle tree (schema/merkle-log.ts) covers,
 * and how both its readers — the gateway's checkpointer and `hub audit verify` — read it.
 *
 * A leaf is the record's stored values, every column but the hash chain's two (`prev_hash`,
 * `hash`), each as PostgreSQL's own text output of a built-in type (so no function an operator
 * can redefine shapes it), in a fixed order, as the UTF-8 of a JSON array headed by a format tag.
 * The chain's hashes are left out on purpose: the tree does not depend on them, and the chain
 * could be dropped without changing a leaf. Leaves are ordered by `seq`; rows are only ever
 * appended under the chain head's lock, so `seq` order is commit order and every statement sees
 * a gap-free prefix of it (a rolled-back append leaves a gap in `seq` that no later commit fills).
 */
import { leafHash, type Hash } from './merkle-log.js';

export const LEAF_FORMAT = 'hub-audit-leaf/v1';

/** The leaf's columns, as SQL expressions over the row `r`, each text (or NULL). */
const LEAF_COLUMNS = [
  'r.format::text',
  'r.seq::text',
  `to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
  'r.request_id',
  'r.client_request_id',
  'r.sub',
  'r.agency',
  'r.province',
  'r.roles::text',
  'r.scopes::text',
  'r.purpose',
  'r.purpose_reference',
  'r.client_address',
  'r.operation_name',
  'r.operation_type',
  'r.document_hash',
  'r.variables::text',
  'r.value_hashes::text',
  'r.fields_requested::text',
  'r.fields_denied::text',
  'r.records_accessed::text',
  'r.outcome',
  'r.http_status::text',
  'r.duration_ms::text',
  'r.error_codes::text',
] as const;

/** The select list of a leaf query (`rowMode: 'array'`); the row's `seq` comes second. */
export const LEAF_SELECT = LEAF_COLUMNS.join(', ');

/**
 * The records after `$1` (a seq; 0 for the start) in the order of the tree, at most `$2`, as the
 * audit store's reader reads them.
 */
export const LEAVES_AFTER_SQL = `SELECT ${LEAF_SELECT} FROM audit.access_log r
  WHERE r.seq > $1 ORDER BY r.seq LIMIT $2`;

export type LeafRow = readonly (string | null)[];

export function leafBytes(row: LeafRow): Buffer {
  if (row.length !== LEAF_COLUMNS.length) {
    throw new Error(`a leaf has ${LEAF_COLUMNS.length} columns, not ${row.length}`);
  }
  return Buffer.from(JSON.stringify([LEAF_FORMAT, ...row]));
}

export function leafHashOf(row: LeafRow): Hash {
  return leafHash(leafBytes(row));
}

export function leafSeq(row: LeafRow): string {
  return row[1] ?? '';
}
