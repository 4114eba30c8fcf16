/**
 * The database server the hub runs on: the external one DATABASE_URL names, or the embedded
 * one under HUB_HOME; each subgraph's own database on it; and the one connection the gateway
 * has (the audit store, as its insert-only writer). Infrastructure only: what a subgraph puts
 * in its database is the composition root's business (hub/database.ts).
 */
import pg from 'pg';

import { AUDIT_WRITER_ROLE } from '../../schema/database-roles.js';
import { ConfigError, type HubConfig } from '../config.js';
import type { Logger } from '../logger.js';

import { embeddedDataDir, startEmbeddedPostgres } from './embedded.js';
import { ensureDatabase, urlForRole } from './provision.js';
import { embeddedPassword, rolePassword } from './secrets.js';

export interface DatabaseHandle {
  /** Administrative URL of the server (its maintenance database). */
  readonly serverUrl: string;
  readonly embedded: boolean;
  stop(): Promise<void>;
}

/** The external server when DATABASE_URL is set; otherwise the embedded one (started if needed). */
export async function openDatabase(config: HubConfig, logger: Logger): Promise<DatabaseHandle> {
  if (config.database.url) {
    await assertReachable(config.database.url, 'DATABASE_URL');
    return { serverUrl: config.database.url, embedded: false, stop: async () => undefined };
  }
  const server = await startEmbeddedPostgres({
    dataDir: await embeddedDataDir(config.home, config.database.embeddedDir),
    binariesDir: config.database.embeddedDir,
    port: config.database.embeddedPort,
    password: await embeddedPassword(config),
    onLog: (line) => logger.debug({ component: 'embedded-postgres' }, line),
  });
  if (!server.started) {
    logger.debug({ url: redactUrl(server.url) }, 'using the embedded PostgreSQL already running');
  }
  return { serverUrl: server.url, embedded: true, stop: () => server.stop() };
}

/** `postgres://user:***@host:port/db`: a URL fit for a message. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

/**
 * Connects once to the server `variable` names: a refused connection, an unknown role or a
 * wrong password then says which setting pointed there, instead of surfacing later as a bare
 * ECONNREFUSED from deep in a migration.
 */
export async function assertReachable(url: string, variable: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    throw new ConfigError(
      `Cannot connect to the PostgreSQL server ${variable} names (${redactUrl(url)}): ` +
        `${message || code || String(error)}${code && !message?.includes(code) ? ` (${code})` : ''}`,
    );
  } finally {
    await client.end().catch(() => undefined);
  }
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

/** The audit store as its reader (the audit subgraph's role): what `hub audit verify` uses. */
export async function auditReaderUrl(config: HubConfig, serverUrl: string): Promise<string> {
  const role = 'hub_audit_app';
  const admin = await subgraphAdminUrl(serverUrl, config, 'audit');
  return urlForRole(admin, role, await rolePassword(config, role));
}
