/**
 * A whole hub for a test file: its own database on the test server, migrations, optional demo
 * data, every subgraph and the gateway on free ports, real HTTP in between.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startHub, type RunningHub } from '../../hub/start.js';
import { mintDevToken, type TokenRequest } from '../../hub/tokens.js';
import { loadConfig, type HubConfig } from '../../platform/config.js';
import { createLogger } from '../../platform/logger.js';
import { DATABASE_ROLES } from '../../schema/database-roles.js';
import { type SubgraphName } from '../../schema/subgraph-names.js';

import { adminUrl, dropDatabases, testPrefix } from './database.js';

/**
 * The database roles' passwords in tests: fixed (roles are shared by every test database on the
 * server, so parallel test files must agree) and distinct per role.
 */
export const TEST_ROLE_PASSWORDS: Readonly<Record<string, string>> = Object.fromEntries(
  DATABASE_ROLES.map(([role, variable]) => [role, `test-${variable.toLowerCase()}-secret`]),
);

export function testPassword(role: string): string {
  const password = TEST_ROLE_PASSWORDS[role];
  if (!password) {
    throw new Error(`no test password for database role ${role}`);
  }
  return password;
}

/** The id key of every test hub and subgraph (one per process, like in a real hub). */
export const TEST_ID_KEY = Buffer.alloc(32, 7);

/** The role passwords as a test hub's environment holds them (for `hub` processes beside it). */
export const TEST_PASSWORD_ENV: Readonly<Record<string, string>> = Object.fromEntries(
  DATABASE_ROLES.map(([role, variable]) => [variable, testPassword(role)]),
);

export interface GraphQLResult<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: {
    data?: T | null;
    errors?: {
      message: string;
      path?: (string | number)[];
      extensions?: Record<string, unknown>;
    }[];
    extensions?: Record<string, unknown>;
  };
}

export interface TestHub {
  readonly config: HubConfig;
  /** Admin URL of each subgraph's database. */
  readonly databases: Readonly<Partial<Record<SubgraphName, string>>>;
  readonly gatewayUrl: string;
  readonly subgraphUrls: Readonly<Partial<Record<SubgraphName, string>>>;
  token(request: Partial<TokenRequest> & { roles: string[] }): Promise<string>;
  /** Stops one subgraph (a real outage: its port stops answering). */
  stopSubgraph(name: SubgraphName): Promise<void>;
  query<T = Record<string, unknown>>(
    query: string,
    options?: {
      token?: string;
      /** x-purpose; INVESTIGATION unless given, none when null. */
      purpose?: string | null;
      variables?: Record<string, unknown>;
      headers?: Record<string, string>;
    },
  ): Promise<GraphQLResult<T>>;
  stop(): Promise<void>;
}

export async function postGraphQL<T>(
  url: string,
  body: unknown,
  headers: Record<string, string>,
): Promise<GraphQLResult<T>> {
  return postText<T>(url, JSON.stringify(body), headers);
}

/** POSTs a body exactly as given (what a signed internal context must cover). */
export async function postText<T>(
  url: string,
  text: string,
  headers: Record<string, string>,
): Promise<GraphQLResult<T>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json',
      ...headers,
    },
    body: text,
  });
  return readResult<T>(response);
}

async function readResult<T>(response: Response): Promise<GraphQLResult<T>> {
  const text = await response.text();
  let parsed: GraphQLResult<T>['body'];
  try {
    parsed = JSON.parse(text) as GraphQLResult<T>['body'];
  } catch {
    throw new Error(`non-JSON response (${response.status}): ${text.slice(0, 200)}`);
  }
  return { status: response.status, headers: response.headers, body: parsed };
}

export async function startTestHub(
  options: { seed?: boolean; env?: Record<string, string> } = {},
): Promise<TestHub> {
  const prefix = testPrefix();
  const home = await mkdtemp(path.join(tmpdir(), 'hub-test-home-'));
  const config = loadConfig({
    HUB_HOME: home,
    DATABASE_URL: adminUrl(),
    HUB_DB_PREFIX: prefix,
    ...TEST_PASSWORD_ENV,
    HUB_ID_KEY: TEST_ID_KEY.toString('hex'),
    LOG_LEVEL: 'silent',
    HUB_DB_POOL_SIZE: '4',
    ...options.env,
  });
  const logger = createLogger('silent', 'test');
  const stopAll = async (running?: RunningHub) => {
    await running?.stop().catch(() => undefined);
    await dropDatabases(prefix);
    await rm(home, { recursive: true, force: true });
  };
  let running: RunningHub | undefined;
  try {
    running = await startHub(config, logger, {
      seed: options.seed ? 'demo' : false,
      anyPorts: true,
    });
    const { gatewayUrl } = running;
    const hub = running;
    return {
      config,
      databases: hub.databases,
      gatewayUrl,
      subgraphUrls: hub.subgraphUrls,
      stopSubgraph: (name) => hub.stopSubgraph(name),
      token: (request) => mintDevToken(config, { agency: 'GS-NB', province: 'GS', ...request }),
      query: (query, queryOptions = {}) =>
        postGraphQL(
          gatewayUrl,
          { query, variables: queryOptions.variables },
          {
            ...(queryOptions.token ? { authorization: `Bearer ${queryOptions.token}` } : {}),
            ...(queryOptions.purpose === null
              ? {}
              : { 'x-purpose': queryOptions.purpose ?? 'INVESTIGATION' }),
            ...queryOptions.headers,
          },
        ),
      stop: () => stopAll(hub),
    };
  } catch (error) {
    await stopAll(running);
    throw error;
  }
}
