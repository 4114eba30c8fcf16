/**
 * The `hub` command. Each subcommand is a thin call into platform/, gateway/ or subgraphs/.
 */
import 'reflect-metadata';
// Before anything that loads `http` or `pg`: tracing instruments them as they load.
import './trace-preload.js';

import { readFile } from 'node:fs/promises';

import { Command, InvalidArgumentError } from 'commander';

import { compose, staleFiles, writeComposition } from '../hub/compose.js';
import { migrateSubgraph, seedSubgraph } from '../hub/database.js';
import { enabledSubgraphs, subgraphByName } from '../hub/registry.js';
import { startGatewayServer, startSubgraphServer } from '../hub/services.js';
import { banner, startHub } from '../hub/start.js';
import { mintDevToken } from '../hub/tokens.js';
import { ConfigError, hubConfig } from '../platform/config.js';
import { openDatabase, subgraphAdminUrl } from '../platform/database/server.js';
import { createLogger } from '../platform/logger.js';
import { SUPERGRAPH_PATH } from '../platform/paths.js';
import { stopTracing } from '../platform/tracing.js';
import { SUBGRAPH_NAMES } from '../schema/subgraph-names.js';
import { supergraphRules } from '../schema/supergraph-rules.js';
import { consoleReporter, formatSummary, IngestError, ingestFile } from '../tools/ingest/index.js';
import { policyMarkdown, policyText } from '../tools/policy-report.js';

import { auditCommand } from './commands/audit.command.js';

function logger() {
  return createLogger(hubConfig().logLevel, 'hub');
}

function onShutdown(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = () => {
    if (stopping) {
      return;
    }
    stopping = true;
    stop()
      .then(stopTracing)
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
}

function profileOption(value: string): 'demo' | 'article' {
  if (value !== 'demo' && value !== 'article') {
    throw new InvalidArgumentError('profile must be demo or article');
  }
  return value;
}

const program = new Command('hub')
  .description('Interagency Hub: federated sharing of narcotics, cyber and juvenile records')
  .showHelpAfterError();

program
  .command('start')
  .description('run everything: database, migrations, demo data, subgraphs and gateway')
  .action(async () => {
    const started = performance.now();
    const hub = await startHub(hubConfig(), logger());
    onShutdown(hub.stop);
    console.log(banner(hub, (performance.now() - started) / 1000));
  });

program
  .command('gateway')
  .description('run the gateway alone (subgraph URLs from NARCOTICS_URL, CYBER_URL, …)')
  .action(async () => {
    const server = await startGatewayServer(hubConfig(), logger());
    onShutdown(server.stop);
  });

program
  .command('subgraph <name>')
  .description(`run one subgraph alone (${SUBGRAPH_NAMES.join(', ')})`)
  .action(async (name: string) => {
    const config = hubConfig();
    const definition = subgraphByName(name);
    if (config.subgraphs[definition.name].databaseUrl) {
      // Credentials managed outside the hub: no administrative connection at all.
      const server = await startSubgraphServer(definition, config, undefined, logger());
      onShutdown(server.stop);
      return;
    }
    const database = await openDatabase(config, logger());
    const adminUrl = await subgraphAdminUrl(database.serverUrl, config, definition.name);
    await migrateSubgraph(definition, adminUrl, config);
    const server = await startSubgraphServer(definition, config, adminUrl, logger());
    onShutdown(async () => {
      await server.stop();
      await database.stop();
    });
  });

program
  .command('migrate [subgraphs...]')
  .description(
    'create roles and schemas, apply pending migrations (of the subgraphs named, or all)',
  )
  .action(async (names: string[]) => {
    const config = hubConfig();
    const definitions = names.length > 0 ? names.map(subgraphByName) : enabledSubgraphs();
    const database = await openDatabase(config, logger());
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

program
  .command('seed')
  .description('load deterministic synthetic data (skipped where data exists)')
  .option(
    '--profile <profile>',
    'demo (fast) or article (the campaign’s scale)',
    profileOption,
    'demo',
  )
  .action(async (options: { profile: 'demo' | 'article' }) => {
    const config = hubConfig();
    const database = await openDatabase(config, logger());
    try {
      for (const definition of enabledSubgraphs()) {
        const adminUrl = await subgraphAdminUrl(database.serverUrl, config, definition.name);
        await migrateSubgraph(definition, adminUrl, config);
        const started = performance.now();
        const summary = await seedSubgraph(definition, adminUrl, options.profile);
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        console.log(`${definition.name} (${seconds} s): ${JSON.stringify(summary)}`);
      }
    } finally {
      await database.stop();
    }
  });

program
  .command('token')
  .description('print a development JWT for the dev gateway (refused in production)')
  .requiredOption('--role <role...>', 'role(s), e.g. bureau_analyst')
  .requiredOption('--agency <code>', 'agency code, e.g. GS-NB')
  .requiredOption('--province <code>', 'province code, e.g. GS')
  .option('--sub <id>', 'officer id')
  .option('--name <name>', 'officer name')
  .option('--ttl <duration>', 'lifetime, e.g. 1h, 15m', '1h')
  .action(
    async (options: {
      role: string[];
      agency: string;
      province: string;
      sub?: string;
      name?: string;
      ttl: string;
    }) => {
      const token = await mintDevToken(hubConfig(), {
        roles: options.role,
        agency: options.agency,
        province: options.province,
        sub: options.sub,
        name: options.name,
        ttl: options.ttl,
      });
      process.stdout.write(`${token}\n`);
    },
  );

program
  .command('compose')
  .description('compose the subgraphs into schema/supergraph.graphql')
  .option('--check', 'fail if the committed files differ from a fresh composition')
  .action(async (options: { check?: boolean }) => {
    const composition = await compose();
    if (options.check) {
      const stale = await staleFiles(composition);
      if (stale.length > 0) {
        console.error(`Stale composition (run npm run compose): ${stale.join(', ')}`);
        process.exitCode = 1;
        return;
      }
      console.log('schema/supergraph.graphql is up to date');
      return;
    }
    await writeComposition(composition);
    console.log('wrote schema/supergraph.graphql and schema/subgraphs/*.graphql');
  });

program
  .command('ingest <file>')
  .description(
    'stream cyber intel (NDJSON, one item a line) through the gateway as a cyber analyst',
  )
  .option('--gateway <url>', 'gateway GraphQL URL (default: this hub on PORT)')
  .option('--token <jwt>', 'bearer token with cyber:write (default: a dev token for cyber_analyst)')
  .option('--agency <code>', 'agency of the dev token', 'MPS-CYBER')
  .option('--province <code>', 'province of the dev token', 'BJ')
  .option('--batch-size <n>', 'items per push (1-1000)', (v) => Number.parseInt(v, 10), 500)
  .option('--purpose <purpose>', 'x-purpose header, e.g. INVESTIGATION:GS-2026-17', 'INVESTIGATION')
  .action(
    async (
      file: string,
      options: {
        gateway?: string;
        token?: string;
        agency: string;
        province: string;
        batchSize: number;
        purpose: string;
      },
    ) => {
      const config = hubConfig();
      const token =
        options.token ??
        (await mintDevToken(config, {
          roles: ['cyber_analyst'],
          agency: options.agency,
          province: options.province,
        }));
      try {
        const result = await ingestFile({
          file,
          gatewayUrl: options.gateway ?? `http://127.0.0.1:${config.gateway.port}/graphql`,
          token,
          batchSize: options.batchSize,
          purpose: options.purpose,
          ...consoleReporter(process.stderr),
        });
        console.log(formatSummary(result));
      } catch (error) {
        if (error instanceof IngestError) {
          console.error(`hub ingest: ${error.message}`);
          process.exitCode = 1;
          return;
        }
        throw error;
      }
    },
  );

program.addCommand(auditCommand());

program
  .command('policy')
  .description('print who may see what (role × field), from schema/supergraph.graphql')
  .option('--markdown', 'as a Markdown table (for the README)')
  .action(async (options: { markdown?: boolean }) => {
    const { index } = supergraphRules(await readFile(SUPERGRAPH_PATH, 'utf8'));
    process.stdout.write(options.markdown ? policyMarkdown(index) : policyText(index));
  });

// A stray rejection in one request's work must not stop every service of the process: log it
// and keep serving (uncaught exceptions still end the process, which an orchestrator restarts).
process.on('unhandledRejection', (reason) => {
  createLogger('error', 'hub').error({ err: reason }, 'unhandled rejection (kept serving)');
});

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error(`hub: ${error instanceof Error ? error.message : String(error)}`);
  }
  process.exit(1);
});
