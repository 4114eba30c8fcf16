/**
 * Each agency's data stays apart: every subgraph gets its own PostgreSQL schema, an owner role
 * (NOLOGIN; owns the tables, so migrations run as it) and a runtime role (LOGIN; not owner, not
 * superuser, so row-level security binds it). Run with the administrative connection.
 */
import pg from 'pg';

import { roleNames } from '../../schema/database-roles.js';

const { escapeIdentifier: ident, escapeLiteral: literal } = pg;

/** Creates a role once; concurrent callers (parallel test files) may race, which is harmless. */
function createRoleSql(role: string, attributes: string): string {
  return `DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${literal(role)}) THEN
      CREATE ROLE ${ident(role)} ${attributes};
    END IF;
  EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
  END $$`;
}

/**
 * Roles live in the whole cluster, so provisioning of other databases on the same server (other
 * hubs, parallel test runs) may touch the same role rows at once: PostgreSQL answers
 * "tuple concurrently updated"; the statement is simply tried again.
 */
async function clusterStatement(client: pg.Client, sql: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await client.query(sql);
      return;
    } catch (error) {
      const concurrent = /tuple concurrently (updated|deleted)/.test(
        String((error as Error).message),
      );
      if (!concurrent || attempt >= 5) {
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}

/**
 * Makes (idempotently) the roles and schema of one subgraph, in its own database: each LOGIN
 * role with its own password, and only this subgraph's roles may connect to the database
 * (`CONNECT` is taken from PUBLIC), so no role of another subgraph — or the gateway's writer —
 * can even log in here.
 */
export async function provisionSubgraph(
  adminUrl: string,
  name: string,
  passwordOf: (role: string) => Promise<string>,
  extraRoles: readonly string[] = [],
): Promise<void> {
  const { owner, app } = roleNames(name);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const login = 'LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE';
    await clusterStatement(client, createRoleSql(owner, 'NOLOGIN'));
    const logins = [app, ...extraRoles];
    for (const role of logins) {
      await clusterStatement(client, createRoleSql(role, login));
      const password = await passwordOf(role);
      await clusterStatement(client, `ALTER ROLE ${ident(role)} PASSWORD ${literal(password)}`);
    }
    const database = ident(
      (await client.query<{ name: string }>('SELECT current_database() AS name')).rows[0]?.name ??
        '',
    );
    await client.query(`REVOKE CONNECT, TEMPORARY ON DATABASE ${database} FROM PUBLIC`);
    await client.query(`GRANT CONNECT ON DATABASE ${database} TO ${logins.map(ident).join(', ')}`);
    // No role but the admin creates objects a definer function could resolve (PostgreSQL 15+
    // does this by default; older servers let PUBLIC create in `public`).
    await client.query('REVOKE CREATE ON SCHEMA public FROM PUBLIC');
    // The HMAC the database context is checked with (a trusted extension since PostgreSQL 13).
    await client.query('CREATE EXTENSION IF NOT EXISTS pgcrypto');
    await clusterStatement(client, `GRANT ${ident(owner)} TO CURRENT_USER`).catch(() => undefined);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${ident(name)} AUTHORIZATION ${ident(owner)}`);
    await client.query(`GRANT USAGE ON SCHEMA ${ident(name)} TO ${ident(app)}`);
    await client.query(
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${ident(owner)} IN SCHEMA ${ident(name)}
         GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${ident(app)}`,
    );
    await client.query(
      `ALTER DEFAULT PRIVILEGES FOR ROLE ${ident(owner)} IN SCHEMA ${ident(name)}
         GRANT USAGE, SELECT ON SEQUENCES TO ${ident(app)}`,
    );
  } finally {
    await client.end();
  }
}

/** The runtime connection URL of a role, on the same server and database as the admin URL. */
export function urlForRole(adminUrl: string, role: string, password: string): string {
  const url = new URL(adminUrl);
  url.username = role;
  url.password = password;
  return url.toString();
}

/** Creates a database if it does not exist yet (CREATE DATABASE cannot run in a transaction). */
export async function ensureDatabase(adminUrl: string, database: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE ${ident(database)}`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') {
          throw error;
        }
      });
    }
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * The embedded server's maintenance databases (`postgres`, `template1`) admit no role but the
 * admin (a superuser, whom CONNECT does not bind): a runtime role's password opens its own
 * database and nothing else. On an external server the hub touches only the databases it
 * creates (README: what the operator does for the others).
 */
export async function closeMaintenanceDatabases(adminUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const database of ['postgres', 'template1']) {
      await client.query(`REVOKE CONNECT, TEMPORARY ON DATABASE ${ident(database)} FROM PUBLIC`);
      await client.query(`GRANT CONNECT ON DATABASE ${ident(database)} TO CURRENT_USER`);
    }
  } finally {
    await client.end();
  }
}

/** Runs `work` holding a session advisory lock on the database `adminUrl` names. */
export async function withAdvisoryLock<T>(
  adminUrl: string,
  key: string,
  work: () => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
    return await work();
  } finally {
    // Closing the session releases the lock even if the unlock cannot be sent.
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => undefined);
    await client.end();
  }
}
