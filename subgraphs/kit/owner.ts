/** Work done in a subgraph's database as its owner role, through the administrative URL. */
import pg from 'pg';

import { roleNames } from '../../schema/database-roles.js';

/** Runs `work` in one transaction as `subgraph`'s owner role (like its migrations). */
export async function asOwner<T>(
  adminUrl: string,
  subgraph: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({
    connectionString: adminUrl,
    options: `-c role=${roleNames(subgraph).owner}`,
  });
  await client.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
