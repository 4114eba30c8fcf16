/** `hub subgraph <name>`: one subgraph alone. */
import { Command } from 'commander';

import { SUBGRAPH_NAMES } from '../../schema/subgraph-names.js';

import { choiceOption, logger, onShutdown } from './common.js';

export function subgraphCommand(): Command {
  return new Command('subgraph')
    .description(`run one subgraph alone (${SUBGRAPH_NAMES.join(', ')})`)
    .argument('<name>', SUBGRAPH_NAMES.join(', '), choiceOption('<name>', SUBGRAPH_NAMES))
    .action(async (name: string) => {
      const { hubConfig } = await import('../../platform/config.js');
      const { assertProductionReady } = await import('../../platform/production-config.js');
      const config = hubConfig();
      assertProductionReady(config, 'subgraph', name);
      const { subgraphByName } = await import('../../hub/registry.js');
      const { startSubgraphServer } = await import('../../hub/services.js');
      const definition = subgraphByName(name);
      if (config.subgraphs[definition.name].databaseUrl) {
        // Credentials managed outside the hub: no administrative connection at all.
        const server = await startSubgraphServer(definition, config, undefined, await logger());
        onShutdown(server.stop);
        return;
      }
      const { openDatabase, subgraphAdminUrl } = await import('../../platform/database/server.js');
      const { migrateSubgraph } = await import('../../hub/database.js');
      const database = await openDatabase(config, await logger());
      const adminUrl = await subgraphAdminUrl(database.serverUrl, config, definition.name);
      await migrateSubgraph(definition, adminUrl, config);
      const server = await startSubgraphServer(definition, config, adminUrl, await logger());
      onShutdown(async () => {
        await server.stop();
        await database.stop();
      });
    });
}
