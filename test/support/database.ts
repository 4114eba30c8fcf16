/** A fresh database per test file on the test server, dropped afterwards. */
import { randomBytes } from 'node:crypto';

import pg from 'pg';

export function adminUrl(): string {
  const url = process.env.HUB_TEST_ADMIN_URL;
  if (!url) {
    throw new Error('HUB_TEST_ADMIN_URL is not set: run the tests with `npm test`');
  }
  return url;
}

export async function withAdmin<T>(
  url: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `hub_test_${randomBytes(5).toString('hex')}`;
  const server = adminUrl();
  await withAdmin(server, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () =>
      withAdmin(server, (client) =>
        client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
      ).then(() => undefined),
  };
}
