/**
 * `hub start`: the whole hub in one process — database (embedded or external), migrations,
 * demo data when empty, every subgraph, the gateway — then one screen saying how to use it.
 */
import type { HubConfig } from '../platform/config.js';
import {
  openDatabase,
  subgraphAdminUrl,
  type DatabaseHandle,
} from '../platform/database/server.js';
import type { Logger } from '../platform/logger.js';

import { migrateSubgraph, seedSubgraph } from './database.js';
import { enabledSubgraphs } from './registry.js';
import { startGatewayServer, startSubgraphServer, type RunningServer } from './services.js';

export interface RunningHub {
  readonly gatewayUrl: string;
  readonly database: DatabaseHandle;
  stop(): Promise<void>;
}

export async function startHub(config: HubConfig, logger: Logger): Promise<RunningHub> {
  const database = await openDatabase(config, logger);
  const servers: RunningServer[] = [];
  const stop = async () => {
    for (const server of servers.reverse()) {
      await server.stop().catch((error: unknown) => logger.error({ err: error }, 'stop failed'));
    }
    await database.stop();
  };
  try {
    for (const definition of enabledSubgraphs()) {
      const adminUrl = await subgraphAdminUrl(database.serverUrl, config, definition.name);
      const applied = await migrateSubgraph(definition, adminUrl, config);
      if (applied.length > 0) {
        logger.info({ subgraph: definition.name, applied }, 'migrations applied');
      }
      await seedSubgraph(definition, adminUrl, 'demo');
      servers.push(await startSubgraphServer(definition, config, adminUrl, logger));
    }
    const gateway = await startGatewayServer(config, logger, { serverUrl: database.serverUrl });
    servers.push(gateway);
    return { gatewayUrl: gateway.url, database, stop };
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
