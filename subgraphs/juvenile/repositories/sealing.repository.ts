/** What the sealing law did in this request, read back from the database that decided it. */
import type { EntityManager } from 'typeorm';

/**
 * The records this request unsealed: seal changes written under its request id (the trigger
 * stamps `hub.request_id`) in this transaction (`changed_at` is the transaction's `now()`; a
 * client may reuse a request id) to "not sealed" that follow an earlier change of the same
 * record — a record's first assessment is its only change without one. Read under row-level
 * security, which shows them because they are unsealed now.
 */
export async function recordsUnsealedBy(
  manager: EntityManager,
  requestId: string,
): Promise<number[]> {
  const rows: { id: number }[] = await manager.query(
    `SELECT DISTINCT c.record_id AS id
       FROM juvenile.seal_changes c
      WHERE c.request_id = $1 AND c.changed_at = CAST(now() AS timestamptz(3)) AND NOT c.sealed
        AND EXISTS (SELECT 1 FROM juvenile.seal_changes e
                     WHERE e.record_id = c.record_id AND e.id < c.id)
      ORDER BY 1`,
    [requestId],
  );
  return rows.map((row) => Number(row.id));
}

/** The database's verdict (the function row-level security uses): may this request read sealed records? */
export async function mayReadSealed(manager: EntityManager): Promise<boolean> {
  const rows: { may: boolean }[] = await manager.query('SELECT juvenile.may_read_sealed() AS may');
  return rows[0]?.may === true;
}
