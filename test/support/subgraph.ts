/**
 * One subgraph alone, for tests beside its code: its own database on the test server,
 * migrations, optional seed, served over real HTTP; queries carry a real signed internal
 * context for whatever principal and purpose the test chooses.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';

import { seedSubgraph } from '../../hub/database.js';
import { provisionSubgraph, urlForRole } from '../../platform/database/provision.js';
import { createLogger } from '../../platform/logger.js';
import { scopesForRoles, type Principal, type Purpose } from '../../schema/access.js';
import { usesDatabaseContext } from '../../schema/database-context.js';
import { roleNames } from '../../schema/database-roles.js';
import {
  asOwner,
  createDataSource,
  installDatabaseContextKeys,
  runMigrations,
  serveSubgraph,
  type SubgraphDefinition,
} from '../../subgraphs/kit/index.js';

import { createTestDatabase, type TestDatabase } from './database.js';
import { TEST_ID_KEY, testPassword, type GraphQLResult } from './hub.js';
import { postToSubgraph } from './internal-context.js';

export interface CallerOptions {
  roles?: string[];
  agency?: string;
  province?: string;
  sub?: string;
  /** Overrides the scopes the roles would grant. */
  scopes?: string[];
  purpose?: Purpose;
  variables?: Record<string, unknown>;
}

export interface TestSubgraph {
  readonly url: string;
  readonly database: TestDatabase;
  /** Its database's context key (the gateway's, in a real hub); none when it checks none. */
  readonly databaseKey?: Buffer;
  query<T = Record<string, unknown>>(
    query: string,
    caller?: CallerOptions,
  ): Promise<GraphQLResult<T>>;
  stop(): Promise<void>;
}

export function principalFor(caller: CallerOptions = {}): Principal {
  const roles = caller.roles ?? ['narcotics_investigator'];
  return {
    sub: caller.sub ?? `officer-${roles[0]}`,
    agency: caller.agency ?? 'GS-NB',
    province: caller.province ?? 'GS',
    roles,
    scopes: caller.scopes ?? scopesForRoles(roles),
  };
}

export async function startTestSubgraph<L>(
  definition: SubgraphDefinition<L>,
  options: { seed?: boolean } = {},
): Promise<TestSubgraph> {
  const database = await createTestDatabase();
  await provisionSubgraph(
    database.url,
    definition.name,
    async (role) => testPassword(role),
    definition.databaseRoles,
  );
  await runMigrations(database.url, definition.name, definition.entities, definition.migrations);
  const databaseKey = usesDatabaseContext(definition.name) ? randomBytes(32) : undefined;
  await asOwner(database.url, definition.name, async (client) => {
    if (databaseKey) {
      await installDatabaseContextKeys(client, definition.name, { current: databaseKey });
    }
    for (const statement of definition.maintenance ?? []) {
      await client.query(statement);
    }
  });
  if (options.seed) {
    await seedSubgraph(definition, database.url, 'demo');
  }
  const dataSource = await createDataSource({
    subgraph: definition.name,
    url: urlForRole(
      database.url,
      roleNames(definition.name).app,
      testPassword(roleNames(definition.name).app),
    ),
    entities: definition.entities,
    poolSize: 4,
  }).initialize();
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const running = await serveSubgraph(definition, {
    idKey: TEST_ID_KEY,
    port: 0,
    host: '127.0.0.1',
    dataSource,
    contextKey: publicKey,
    logger: createLogger('silent', 'test'),
    introspection: true,
  });
  return {
    url: running.url,
    database,
    databaseKey,
    query: (query, caller = {}) =>
      postToSubgraph(
        {
          url: running.url,
          audience: definition.name,
          key: privateKey,
          databaseKey,
          context: {
            principal: principalFor(caller),
            purpose: caller.purpose,
            requestId: `test-${Date.now()}`,
          },
        },
        { query, variables: caller.variables },
      ),
    stop: async () => {
      await running.stop();
      await dataSource.destroy();
      await database.drop();
    },
  };
}
