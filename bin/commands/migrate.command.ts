/** `hub migrate`: roles, schemas and pending migrations; works beside a running hub. */
import { Command } from 'commander';

import { SUBGRAPH_NAMES } from '../../schema/subgraph-names.js';

import { choiceOption, logger } from './common.js';

export function migrateCommand(): Command {
  return new Command('migrate')
    .description(
      'create roles and schemas, apply pending migrations (of the subgraphs named, or all)',
    )
    .argument(
      '[subgraphs...]',
      SUBGRAPH_NAMES.join(', '),
      (value: string, previous: string[] = []) => [
        ...previous,
        choiceOption('[subgraphs...]', SUBGRAPH_NAMES)(value),
      ],
    )
    .action(async (names: string[] | undefined) => {
      const { hubConfig } = await import('../../platform/config.js');
      const { assertProductionReady } = await import('../../platform/production-config.js');
      const config = hubConfig();
      assertProductionReady(config, 'migrate');
      const { enabledSubgraphs, subgraphByName } = await import('../../hub/registry.js');
      const { migrateSubgraph } = await import('../../hub/database.js');
      const { openDatabase, subgraphAdminUrl } = await import('../../platform/database/server.js');
      const definitions = names?.length ? names.map(subgraphByName) : enabledSubgraphs();
      const database = await openDatabase(config, await logger());
      try {
        for (const definition of definitions) {
          const adminUrl = await subgraphAdminUrl(database.serverUrl, config, definition.name);
          const applied = await migrateSubgraph(definition, adminUrl, config);
          console.log(`${definition.name}: ${applied.length ? applied.join(', ') : 'up to date'}`);
        }
      } finally {
        await database.stop();
      }
    });
}
