/**
 * `hub seed`: deterministic synthetic data, beside a running hub or not. Seeds load only into
 * empty databases; the article profile on a hub that holds (demo) data refuses, naming
 * `--reset`, rather than silently loading nothing.
 */
import { Command } from 'commander';

import { choiceOption, CliError, logger } from './common.js';

const PROFILES = ['demo', 'article'] as const;

const count = (value: number) => value.toLocaleString('en-US');

export function seedCommand(): Command {
  return new Command('seed')
    .description('load deterministic synthetic data into empty subgraph databases')
    .option(
      '--profile <profile>',
      'demo (fast) or article (the campaign’s scale)',
      choiceOption('--profile', PROFILES),
      'demo',
    )
    .option('--reset', 'empty the narcotics, cyber and juvenile data first (the audit trail stays)')
    .action(async (options: { profile: (typeof PROFILES)[number]; reset?: boolean }) => {
      const { assertProductionReady, hubConfig } = await import('../../platform/config.js');
      const config = hubConfig();
      assertProductionReady(config, 'migrate');
      const { enabledSubgraphs } = await import('../../hub/registry.js');
      const { migrateSubgraph, resetSubgraphData, seedSubgraph, subgraphHoldsData } =
        await import('../../hub/database.js');
      const { openDatabase, subgraphAdminUrl } = await import('../../platform/database/server.js');
      const database = await openDatabase(config, await logger());
      try {
        const targets: {
          definition: ReturnType<typeof enabledSubgraphs>[number];
          adminUrl: string;
        }[] = [];
        for (const definition of enabledSubgraphs()) {
          if (!definition.seed) {
            continue;
          }
          const adminUrl = await subgraphAdminUrl(database.serverUrl, config, definition.name);
          await migrateSubgraph(definition, adminUrl, config);
          targets.push({ definition, adminUrl });
        }
        if (options.reset) {
          for (const { definition, adminUrl } of targets) {
            await resetSubgraphData(definition, adminUrl);
            console.log(`${definition.name}: emptied`);
          }
        }
        const holding: string[] = [];
        for (const { definition, adminUrl } of targets) {
          if (await subgraphHoldsData(definition, adminUrl)) {
            holding.push(definition.name);
          }
        }
        if (holding.length > 0 && options.profile === 'article') {
          throw new CliError(
            `hub seed: ${holding.join(', ')} already hold data (the demo data hub start loads), ` +
              'and seeds load only into empty databases: run "hub seed --profile article ' +
              '--reset" to replace it (the audit trail is kept).',
          );
        }
        for (const { definition, adminUrl } of targets) {
          if (holding.includes(definition.name)) {
            console.log(`${definition.name}: already holds data, left alone (--reset replaces it)`);
            continue;
          }
          const started = performance.now();
          const summary = await seedSubgraph(definition, adminUrl, options.profile);
          const seconds = ((performance.now() - started) / 1000).toFixed(1);
          const loaded = Object.entries(summary)
            .map(([what, rows]) => `${count(rows)} ${what}`)
            .join(', ');
          console.log(`${definition.name} (${seconds} s): ${loaded || 'nothing to load'}`);
        }
      } finally {
        await database.stop();
      }
    });
}
