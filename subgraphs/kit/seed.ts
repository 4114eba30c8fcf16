/** What every subgraph's seed needs: one answer to "is this database seeded already?". */
import type { EntityManager } from 'typeorm';

/**
 * Seeds are idempotent: a seed runs only into an empty subgraph, judged by its main table
 * (`schema.table`, a constant of the subgraph's own).
 */
export async function isSeeded(manager: EntityManager, table: string): Promise<boolean> {
  if (!/^[a-z_]+\.[a-z_]+$/.test(table)) {
    throw new Error(`not a table name: ${table}`);
  }
  const [row] = (await manager.query(`SELECT EXISTS (SELECT 1 FROM ${table}) AS seeded`)) as [
    { seeded: boolean },
  ];
  return row.seeded;
}
