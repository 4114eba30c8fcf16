/**
 * `hub seed`: deterministic synthetic data, beside a running hub or not. Seeds load only into
 * empty databases; the article profile on a hub that holds (demo) data refuses, naming
 * `--reset`, rather than silently loading nothing.
 */
import { Command } from 'commander';

import type { AnySubgraph } from '../../hub/registry.js';

import { choiceOption, CliError, logger } from './common.js';

const PROFILES = ['demo', 'article'] as const;

const count = (value: number) => value.toLocaleString('en-US');

type Profile = (typeof PROFILES)[number];
type Database = typeof import('../../hub/database.js');
interface Target {
  readonly definition: AnySubgraph;
  readonly adminUrl: string;
}

/** Empties the data first (--reset); the names of the subgraphs that hold data now. */
async function holdingData(db: Database, targets: Target[], reset: boolean): Promise<string[]> {
  if (reset) {
    for (const { definition, adminUrl } of targets) {
      await db.resetSubgraphData(definition, adminUrl);
      console.log(`${definition.name}: emptied`);
    }
  }
  const holding: string[] = [];
  for (const { definition, adminUrl } of targets) {
    if (await db.subgraphHoldsData(definition, adminUrl)) {
      holding.push(definition.name);
    }
  }
  return holding;
}

/** Seeds the empty ones, saying what each loaded (or that it was left alone). */
async function seedEach(db: Database, targets: Target[], holding: string[], profile: Profile) {
  for (const { definition, adminUrl } of targets) {
    if (holding.includes(definition.name)) {
      console.log(`${definition.name}: already holds data, left alone (--reset replaces it)`);
      continue;
    }
    const started = performance.now();
    const summary = await db.seedSubgraph(definition, adminUrl, profile);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const loaded = Object.entries(summary)
      .map(([what, rows]) => `${count(rows)} ${what}`)
      .join(', ');
    console.log(`${definition.name} (${seconds} s): ${loaded || 'nothing to load'}`);
  }
}

async function seed(options: { profile: Profile; reset?: boolean }): Promise<void> {
  const { hubConfig } = await import('../../platform/config.js');
  const { assertProductionReady } = await import('../../platform/production-config.js');
  const config = hubConfig();
  assertProductionReady(config, 'migrate');
  const { enabledSubgraphs } = await import('../../hub/registry.js');
  const db = await import('../../hub/database.js');
  const { openDatabase, subgraphAdminUrl } = await import('../../platform/database/server.js');
  const database = await openDatabase(config, await logger());
  try {
    const targets: Target[] = [];
    for (const definition of enabledSubgraphs().filter((each) => each.seed)) {
      const adminUrl = await subgraphAdminUrl(database.serverUrl, config, definition.name);
      await db.migrateSubgraph(definition, adminUrl, config);
      targets.push({ definition, adminUrl });
    }
    const holding = await holdingData(db, targets, Boolean(options.reset));
    if (holding.length > 0 && options.profile === 'article') {
      throw new CliError(
        `hub seed: ${holding.join(', ')} already hold data (the demo data hub start loads), ` +
          'and seeds load only into empty databases: run "hub seed --profile article --reset" ' +
          'to replace it (the audit trail is kept).',
      );
    }
    await seedEach(db, targets, holding, options.profile);
  } finally {
    await database.stop();
  }
}

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
    .action(seed);
}
