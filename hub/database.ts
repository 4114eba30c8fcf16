/**
 * Each subgraph's database as the composition root sets it up: roles and schema
 * (platform/database/provision.ts), the subgraph's migrations and seeds (run as its owner role),
 * and the runtime data source, which connects as the subgraph's own unprivileged role.
 */
import type { DataSource } from 'typeorm';

import type { HubConfig } from '../platform/config.js';
import { provisionSubgraph, urlForRole, withAdvisoryLock } from '../platform/database/provision.js';
import { rolePassword } from '../platform/database/secrets.js';
import { databaseContextKeys } from '../platform/keys.js';
import { usesDatabaseContext } from '../schema/database-context.js';
import { roleNames } from '../schema/database-roles.js';
import {
  asOwner,
  createDataSource,
  installDatabaseContextKeys,
  runMigrations,
  type SeedProfile,
  type SeedSummary,
} from '../subgraphs/kit/index.js';

import type { AnySubgraph } from './registry.js';

/**
 * Roles, schema and pending migrations of one subgraph's database, then (as its owner) its
 * database-context keys and keep-up work; returns the migrations applied. Held under an
 * advisory lock, so replicas starting together (each running the migrate step first, as a
 * Kubernetes init container does) migrate one after the other.
 */
export async function migrateSubgraph(
  definition: AnySubgraph,
  adminUrl: string,
  config: HubConfig,
): Promise<string[]> {
  const name = definition.name;
  return withAdvisoryLock(adminUrl, `hub-migrate-${name}`, async () => {
    await provisionSubgraph(
      adminUrl,
      name,
      (role) => rolePassword(config, role),
      definition.databaseRoles,
    );
    const applied = await runMigrations(adminUrl, name, definition.entities, definition.migrations);
    const keys = usesDatabaseContext(name) ? await databaseContextKeys(config, name) : undefined;
    await asOwner(adminUrl, name, async (client) => {
      if (keys) {
        await installDatabaseContextKeys(client, name, keys);
      }
      for (const statement of definition.maintenance ?? []) {
        await client.query(statement);
      }
    });
    return applied;
  });
}

/** Seeds one subgraph (as its owner role) in one transaction; existing data is left alone. */
export async function seedSubgraph(
  definition: AnySubgraph,
  adminUrl: string,
  profile: SeedProfile,
): Promise<SeedSummary> {
  if (!definition.seed) {
    return {};
  }
  const seed = definition.seed;
  const dataSource = createDataSource({
    subgraph: definition.name,
    url: adminUrl,
    entities: definition.entities,
    poolSize: 1,
    startupOptions: `-c role=${roleNames(definition.name).owner}`,
  });
  await dataSource.initialize();
  try {
    const summary = await dataSource.transaction((manager) => seed(manager, profile));
    if (Object.values(summary).some((rows) => rows > 0)) {
      // Fresh statistics for what was just loaded: without them the planner guesses (a prefix
      // search's share of the persons, say) and walks the wrong index until autovacuum comes by.
      await dataSource.query(`ANALYZE`);
    }
    return summary;
  } finally {
    await dataSource.destroy();
  }
}

/** The data source a running subgraph uses: its own LOGIN role, never the admin. */
export async function runtimeDataSource(
  definition: AnySubgraph,
  adminUrl: string | undefined,
  config: HubConfig,
): Promise<DataSource> {
  const configured = config.subgraphs[definition.name].databaseUrl;
  let url: string;
  if (configured) {
    url = configured;
  } else if (adminUrl) {
    const role = roleNames(definition.name).app;
    url = urlForRole(adminUrl, role, await rolePassword(config, role));
  } else {
    throw new Error(`${definition.name.toUpperCase()}_DATABASE_URL or DATABASE_URL is required`);
  }
  const dataSource = createDataSource({
    subgraph: definition.name,
    url,
    entities: definition.entities,
    poolSize: config.database.poolSize,
  });
  try {
    return await dataSource.initialize();
  } catch (error) {
    // Name the setting that pointed there: a bare ECONNREFUSED says nothing of where to look.
    const variable = configured
      ? `${definition.name.toUpperCase()}_DATABASE_URL`
      : `DATABASE_URL (as ${roleNames(definition.name).app})`;
    const { code, message } = error as { code?: string; message?: string };
    throw new Error(
      `${definition.name} cannot connect to the database ${variable} names: ` +
        `${message || code || String(error)}`,
      { cause: error },
    );
  }
}

/**
 * Tables of a subgraph's schema that hold no data: the migrations run, and the database
 * context keys migrate installs (kit/database-context.ts) — keys neither mean "seeded" nor
 * may a reset delete them (the subgraph's database would refuse every vouched caller).
 */
const NOT_DATA = ['migrations', 'database_context_keys'];

/** The subgraph's own data tables (its schema, less {@link NOT_DATA}). */
async function dataTables(
  client: { query: (sql: string, values?: unknown[]) => Promise<{ rows: { name: string }[] }> },
  schema: string,
): Promise<string[]> {
  const { rows } = await client.query(
    `SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) AS name
       FROM information_schema.tables
      WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND table_name <> ALL ($2::text[])
      ORDER BY table_name`,
    [schema, NOT_DATA],
  );
  return rows.map((row) => row.name);
}

/** Whether any of the subgraph's tables holds a row (seeded, or written to since). */
export async function subgraphHoldsData(
  definition: AnySubgraph,
  adminUrl: string,
): Promise<boolean> {
  return asOwner(adminUrl, definition.name, async (client) => {
    for (const table of await dataTables(client, definition.name)) {
      const { rows } = await client.query<{ any: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM ${table}) AS any`,
      );
      if (rows[0]?.any) {
        return true;
      }
    }
    return false;
  });
}

/**
 * Empties the subgraph's tables (as its owner, in one transaction; identities restart), for
 * `hub seed --reset`. Roles, grants and migrations stay. Never used on the audit store.
 */
export async function resetSubgraphData(definition: AnySubgraph, adminUrl: string): Promise<void> {
  if (definition.name === 'audit') {
    throw new Error('the audit trail is never reset');
  }
  await asOwner(adminUrl, definition.name, async (client) => {
    const tables = await dataTables(client, definition.name);
    if (tables.length > 0) {
      await client.query(`TRUNCATE ${tables.join(', ')} RESTART IDENTITY CASCADE`);
    }
  });
}
