/**
 * `hub audit verify`: walks the audit chain in the database (audit.verify_chain) and names the
 * first altered, removed or reordered record. A broken chain is itself recorded as an event.
 */
import { randomUUID } from 'node:crypto';

import pg from 'pg';

export interface ChainState {
  readonly verified: boolean;
  readonly length: number;
  readonly headHash: string;
  readonly firstBrokenSeq: string | null;
  readonly problem: string | null;
}

export async function verifyAuditChain(auditAdminUrl: string): Promise<ChainState> {
  const client = new pg.Client({ connectionString: auditAdminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{
      verified: boolean;
      length: string;
      head_hash: string;
      first_broken_seq: string | null;
      problem: string | null;
    }>('SELECT * FROM audit.verify_chain()');
    const row = rows[0];
    const state: ChainState = {
      verified: row?.verified ?? false,
      length: Number(row?.length ?? 0),
      headHash: row?.head_hash ?? '',
      firstBrokenSeq: row?.first_broken_seq ?? null,
      problem: row?.problem ?? null,
    };
    if (!state.verified) {
      await client.query('SELECT audit.append($1::jsonb)', [
        JSON.stringify([
          {
            request_id: randomUUID(),
            operation_name: 'hub audit verify',
            operation_type: 'integrity-check',
            outcome: 'ERROR',
            http_status: 0,
            duration_ms: 0,
            error_codes: ['AUDIT_CHAIN_BROKEN'],
            fields_denied: [
              { path: [], coordinate: `access_log#${state.firstBrokenSeq}`, reason: state.problem },
            ],
          },
        ]),
      ]);
    }
    return state;
  } finally {
    await client.end();
  }
}

export function describeChain(state: ChainState): string {
  return state.verified
    ? `audit chain holds: ${state.length} records, head ${state.headHash}`
    : `audit chain BROKEN at record ${state.firstBrokenSeq}: ${state.problem} (${state.length} records checked)`;
}
