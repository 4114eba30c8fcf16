/**
 * Each subgraph's database as the composition root sets it up: roles and schema
 * (platform/database/provision.ts), the subgraph's migrations and seeds (run as its owner role),
 * and the runtime data source, which connects as the subgraph's own unprivileged role.
 */
import type { DataSource } from 'typeorm';

import type { HubConfig } from '../platform/config.js';
import { provisionSubgraph, urlForRole, withAdvisoryLock } from '../platform/database/provision.js';
import { rolePassword } from '../platform/database/secrets.js';
import { roleNames } from '../schema/database-roles.js';
import {
  createDataSource,
  runMigrations,
  type SeedProfile,
  type SeedSummary,
} from '../subgraphs/kit/index.js';

import type { AnySubgraph } from './registry.js';

/**
 * Roles, schema and pending migrations of one subgraph's database; returns those applied. Held
 * under an advisory lock, so replicas starting together (each running the migrate step first,
 * as a Kubernetes init container does) migrate one after the other.
 */
export async function migrateSubgraph(
  definition: AnySubgraph,
  adminUrl: string,
  config: HubConfig,
): Promise<string[]> {
  return withAdvisoryLock(adminUrl, `hub-migrate-${definition.name}`, async () => {
    await provisionSubgraph(
      adminUrl,
      definition.name,
      (role) => rolePassword(config, role),
      definition.databaseRoles,
    );
    return runMigrations(adminUrl, definition.name, definition.entities, definition.migrations);
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
    return await dataSource.transaction((manager) => seed(manager, profile));
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
  return dataSource.initialize();
}
