/**
 * `hub audit verify`: asks the audit store to walk its hash chain and names the first altered,
 * removed or reordered record. Read-only, as the audit store's reader role: the gateway is the
 * store's only writer.
 */
import pg from 'pg';

import {
  chainStateOf,
  VERIFY_CHAIN_SQL,
  type ChainRow,
  type ChainState,
} from '../schema/audit-chain.js';

export type { ChainState };

export async function verifyAuditChain(auditReaderUrl: string): Promise<ChainState> {
  const client = new pg.Client({ connectionString: auditReaderUrl });
  await client.connect();
  try {
    const { rows } = await client.query<ChainRow>(VERIFY_CHAIN_SQL);
    return chainStateOf(rows[0]);
  } finally {
    await client.end();
  }
}

export function describeChain(state: ChainState): string {
  return state.verified
    ? `audit chain holds: ${state.length} records, head ${state.headHash}`
    : `audit chain BROKEN at record ${state.firstBrokenSeq}: ${state.problem} (${state.length} records checked)`;
}
