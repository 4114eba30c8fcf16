/**
 * Getting each subgraph its database: the administrative connection (an external server from
 * DATABASE_URL, or the embedded one under HUB_HOME), provisioning, migrations, seeds, and the
 * runtime data source that connects as the subgraph's own unprivileged role.
 */
import path from 'node:path';

import type { DataSource } from 'typeorm';

import {
  createDataSource,
  runMigrations,
  type SeedProfile,
  type SeedSummary,
} from '../../subgraphs/kit/index.js';
import { ConfigError, type HubConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { AUDIT_WRITER_ROLE } from '../registry.js';
import type { AnySubgraph } from '../registry.js';

import { startEmbeddedPostgres } from './embedded.js';
import { ensureDatabase, provisionSubgraph, roleNames, urlForRole } from './provision.js';
import { embeddedPassword, rolePassword } from './secrets.js';

export interface DatabaseHandle {
  /** Administrative URL of the server (its maintenance database). */
  readonly serverUrl: string;
  readonly embedded: boolean;
  stop(): Promise<void>;
}

/** The external server when DATABASE_URL is set; otherwise starts the embedded one. */
export async function openDatabase(config: HubConfig, logger: Logger): Promise<DatabaseHandle> {
  if (config.database.url) {
    return { serverUrl: config.database.url, embedded: false, stop: async () => undefined };
  }
  const server = await startEmbeddedPostgres({
    dataDir: path.join(config.home, 'pg'),
    port: config.database.embeddedPort,
    password: await embeddedPassword(config),
    onLog: (line) => logger.debug({ component: 'embedded-postgres' }, line),
  });
  return { serverUrl: server.url, embedded: true, stop: () => server.stop() };
}

/**
 * Each subgraph owns a database of its own on the server (`<HUB_DB_PREFIX>_<name>`), so
 * agencies' data never share a database; created on first use. Returns its admin URL.
 */
export function subgraphAdminUrl(
  serverUrl: string,
  config: HubConfig,
  name: string,
): Promise<string> {
  return ensureDatabase(serverUrl, `${config.database.prefix}_${name}`);
}

/** Roles, schema and pending migrations of one subgraph's database; returns those applied. */
export async function migrateSubgraph(
  definition: AnySubgraph,
  adminUrl: string,
  config: HubConfig,
): Promise<string[]> {
  await provisionSubgraph(
    adminUrl,
    definition.name,
    (role) => rolePassword(config, role),
    definition.databaseRoles,
  );
  return runMigrations(adminUrl, definition.name, definition.entities, definition.migrations);
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

/**
 * Where the gateway appends audit records: AUDIT_WRITER_DATABASE_URL, or the audit database
 * on the server as the insert-only writer role. The gateway has no other database access.
 */
export async function auditWriterUrl(
  config: HubConfig,
  serverUrl = config.database.url,
): Promise<string> {
  if (config.database.auditWriterUrl) {
    return config.database.auditWriterUrl;
  }
  if (!serverUrl) {
    throw new ConfigError(
      'Invalid configuration: AUDIT_WRITER_DATABASE_URL or DATABASE_URL must be set (the gateway fails closed without its audit trail)',
    );
  }
  const url = new URL(
    urlForRole(serverUrl, AUDIT_WRITER_ROLE, await rolePassword(config, AUDIT_WRITER_ROLE)),
  );
  url.pathname = `/${config.database.prefix}_audit`;
  return url.toString();
}
