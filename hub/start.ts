/**
 * The whole hub in one process — database (embedded or external), each subgraph's database,
 * roles and migrations, demo data when empty, every subgraph, the gateway — for `hub start`,
 * and (on a server of their own choosing, on free ports) for tests and benchmarks.
 */
import type { HubConfig } from '../platform/config.js';
import {
  openDatabase,
  subgraphAdminUrl,
  type DatabaseHandle,
} from '../platform/database/server.js';
import type { Logger } from '../platform/logger.js';
import type { SubgraphName } from '../schema/subgraph-names.js';
import type { SeedProfile } from '../subgraphs/kit/index.js';

import { migrateSubgraph, seedSubgraph } from './database.js';
import { enabledSubgraphs } from './registry.js';
import { startGatewayServer, startSubgraphServer, type RunningServer } from './services.js';

export interface HubStartOptions {
  /** Seed this profile into empty databases (default demo); false: no seed. */
  readonly seed?: SeedProfile | false;
  /** Listen on free ports instead of the configured ones (tests, benchmarks). */
  readonly anyPorts?: boolean;
}

export interface RunningHub {
  readonly gatewayUrl: string;
  readonly database: DatabaseHandle;
  /** Admin URL of each subgraph's database. */
  readonly databases: Readonly<Partial<Record<SubgraphName, string>>>;
  readonly subgraphUrls: Readonly<Partial<Record<SubgraphName, string>>>;
  /** Stops one subgraph (a real outage: its port stops answering). */
  stopSubgraph(name: SubgraphName): Promise<void>;
  stop(): Promise<void>;
}

export async function startHub(
  config: HubConfig,
  logger: Logger,
  options: HubStartOptions = {},
): Promise<RunningHub> {
  const database = await openDatabase(config, logger);
  const servers: RunningServer[] = [];
  const subgraphServers: Partial<Record<SubgraphName, RunningServer>> = {};
  const subgraphUrls: Partial<Record<SubgraphName, string>> = {};
  const databases: Partial<Record<SubgraphName, string>> = {};
  const stop = async () => {
    for (const server of servers.reverse()) {
      await server.stop().catch((error: unknown) => logger.error({ err: error }, 'stop failed'));
    }
    await database.stop();
  };
  const seed = options.seed ?? 'demo';
  try {
    for (const definition of enabledSubgraphs()) {
      const adminUrl = await subgraphAdminUrl(database.serverUrl, config, definition.name);
      databases[definition.name] = adminUrl;
      const applied = await migrateSubgraph(definition, adminUrl, config);
      if (applied.length > 0) {
        logger.info({ subgraph: definition.name, applied }, 'migrations applied');
      }
      if (seed) {
        await seedSubgraph(definition, adminUrl, seed);
      }
      const port = options.anyPorts ? 0 : undefined;
      const server = await startSubgraphServer(definition, config, adminUrl, logger, port);
      servers.push(server);
      subgraphServers[definition.name] = server;
      subgraphUrls[definition.name] = server.url;
    }
    const gateway = await startGatewayServer(config, logger, {
      serverUrl: database.serverUrl,
      subgraphUrls,
      ...(options.anyPorts ? { port: 0 } : {}),
    });
    servers.push(gateway);
    return {
      gatewayUrl: gateway.url,
      database,
      databases,
      subgraphUrls,
      stopSubgraph: async (name) => {
        await subgraphServers[name]?.stop();
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

export function banner(hub: RunningHub, seconds: number): string {
  const url = hub.gatewayUrl;
  const base = url.replace(/\/graphql$/, '');
  return [
    '',
    `Interagency Hub is ready in ${seconds.toFixed(1)} s (${hub.database.embedded ? 'embedded PostgreSQL' : 'external PostgreSQL'}).`,
    '',
    `  GraphQL      ${url}`,
    `  Console      ${base}/`,
    `  Health       ${base}/healthz   ${base}/readyz   ${base}/metrics`,
    '',
    'Get a token (another terminal):',
    '  TOKEN=$(npx hub token --role bureau_analyst --agency GS-NB --province GS)',
    '',
    'Ask for shared cases:',
    `  curl -s ${url} -H "authorization: Bearer $TOKEN" -H 'x-purpose: INVESTIGATION' \\`,
    `    -H 'content-type: application/json' \\`,
    `    -d '{"query":"{ cases(first: 3) { totalCount edges { node { caseNumber title suspects { role person { fullName } } } } } }"}'`,
    '',
    'Press Ctrl+C to stop.',
    '',
  ].join('\n');
}
