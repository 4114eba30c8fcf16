/**
 * A database session as a subgraph's runtime role holds it with nothing but its password
 * (psql-style): settings of its own choosing, statements of its own choosing — and, where a test
 * plays the gateway, a database context it signs with the database's real key.
 */
import pg from 'pg';

import { urlForRole } from '../../platform/database/provision.js';
import { scopesForRoles, type Principal, type Purpose } from '../../schema/access.js';
import {
  DATABASE_CONTEXT_SETTING,
  databaseContextPayload,
  sealDatabaseContext,
  signDatabaseContext,
} from '../../schema/database-context.js';
import { roleNames } from '../../schema/database-roles.js';

import { testPassword } from './hub.js';

/** Connects to `databaseUrl` (any admin URL of the database) as `subgraph`'s runtime role. */
export async function runtimeClient(databaseUrl: string, subgraph: string): Promise<pg.Client> {
  const { app } = roleNames(subgraph);
  const client = new pg.Client({
    connectionString: urlForRole(databaseUrl, app, testPassword(app)),
  });
  await client.connect();
  return client;
}

/**
 * Runs `work` in one transaction (rolled back) as the runtime role, after setting `settings`
 * transaction-locally, as any session may.
 */
export async function asRuntimeRole<T>(
  databaseUrl: string,
  subgraph: string,
  settings: Readonly<Record<string, string>>,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = await runtimeClient(databaseUrl, subgraph);
  try {
    await client.query('BEGIN');
    for (const [name, value] of Object.entries(settings)) {
      await client.query('SELECT set_config($1, $2, true)', [name, value]);
    }
    return await work(client);
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    await client.end();
  }
}

/** A caller for a database context: roles (scopes follow), agency, purpose. */
export interface ContextCaller {
  readonly roles?: string[];
  readonly scopes?: string[];
  readonly agency?: string;
  readonly sub?: string;
  readonly purpose?: Purpose;
}

function principalOf(caller: ContextCaller): Principal {
  const roles = caller.roles ?? ['narcotics_investigator'];
  return {
    sub: caller.sub ?? 'runtime-role-test',
    agency: caller.agency ?? 'GS-NB',
    province: 'GS',
    roles,
    scopes: caller.scopes ?? scopesForRoles(roles),
  };
}

/** The setting a vouched request carries: a database context signed as the gateway signs it. */
export function vouchedFor(
  subgraph: string,
  key: Buffer,
  caller: ContextCaller = {},
  options: { expires?: number } = {},
): Record<string, string> {
  const claims = {
    subgraph,
    principal: principalOf(caller),
    purpose: caller.purpose,
    requestId: `runtime-role-${Date.now()}`,
  };
  const value =
    options.expires === undefined
      ? signDatabaseContext(claims, key)
      : sealDatabaseContext(databaseContextPayload(claims, options.expires), key);
  return { [DATABASE_CONTEXT_SETTING]: value };
}
