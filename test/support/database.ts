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

export function testPrefix(): string {
  return `hub_test_${randomBytes(5).toString('hex')}`;
}

/** Drops every database whose name starts with `<prefix>_`. */
export async function dropDatabases(prefix: string): Promise<void> {
  await withAdmin(adminUrl(), async (client) => {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
      [`${prefix}_`],
    );
    for (const { datname } of rows) {
      await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
  });
}

export async function createTestDatabase(name = testPrefix()): Promise<TestDatabase> {
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
