/**
 * The state of the audit trail's hash chain, as every reader reports it: the audit subgraph
 * (`auditIntegrity`) and `hub audit verify` ask the same question and read the answer the same
 * way.
 */

/** What the store's walk of the chain answers (`audit.verify_chain()`). */
export const VERIFY_CHAIN_SQL = 'SELECT * FROM audit.verify_chain()';

export interface ChainRow {
  verified: boolean;
  length: string;
  head_hash: string;
  first_broken_seq: string | null;
  problem: string | null;
}

export interface ChainState {
  readonly verified: boolean;
  /** Records in the chain. */
  readonly length: number;
  readonly headHash: string;
  /** The first altered, removed or reordered record (its position in the chain). */
  readonly firstBrokenSeq: string | null;
  readonly problem: string | null;
}

export function chainStateOf(row: ChainRow | undefined): ChainState {
  return {
    verified: row?.verified ?? false,
    length: Number(row?.length ?? 0),
    headHash: row?.head_hash ?? '',
    firstBrokenSeq: row?.first_broken_seq ?? null,
    problem: row?.problem ?? null,
  };
}
