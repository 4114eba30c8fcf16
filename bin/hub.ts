/**
 * The `hub` command. Each subcommand lives in bin/commands/<name>.command.ts and is a thin call
 * into hub/ or tools/; heavy modules load inside the actions, so `hub --help`, `hub token` and
 * the like start in a fraction of a second.
 */
import 'reflect-metadata';
// Before anything that loads `http` or `pg`: tracing instruments them as they load.
import './trace-preload.js';

import { readFileSync } from 'node:fs';
import path from 'node:path';

import { Command } from 'commander';

import { auditCommand } from './commands/audit.command.js';
import { CliError, describeError } from './commands/common.js';
import { composeCommand } from './commands/compose.command.js';
import { gatewayCommand } from './commands/gateway.command.js';
import { ingestCommand } from './commands/ingest.command.js';
import { migrateCommand } from './commands/migrate.command.js';
import { policyCommand } from './commands/policy.command.js';
import { seedCommand } from './commands/seed.command.js';
import { startCommand } from './commands/start.command.js';
import { subgraphCommand } from './commands/subgraph.command.js';
import { tokenCommand } from './commands/token.command.js';

/** The package's version (dist/bin/hub.js → ../../package.json). */
function version(): string {
  try {
    const file = path.join(__dirname, '..', '..', 'package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

const program = new Command('hub')
  .description('Interagency Hub: federated sharing of narcotics, cyber and juvenile records')
  .version(version(), '-V, --version', 'print the version')
  .showHelpAfterError()
  .addCommand(startCommand())
  .addCommand(gatewayCommand())
  .addCommand(subgraphCommand())
  .addCommand(migrateCommand())
  .addCommand(seedCommand())
  .addCommand(tokenCommand())
  .addCommand(composeCommand())
  .addCommand(ingestCommand())
  .addCommand(auditCommand())
  .addCommand(policyCommand());

// A stray rejection in one request's work must not stop every service of the process: log it
// and keep serving (uncaught exceptions still end the process, which an orchestrator restarts).
process.on('unhandledRejection', (reason) => {
  void import('../platform/logger.js').then(({ createLogger }) =>
    createLogger('error', 'hub').error({ err: reason }, 'unhandled rejection (kept serving)'),
  );
});

program.parseAsync(process.argv).catch((error: unknown) => {
  const exitCode = error instanceof CliError ? error.exitCode : 1;
  const text = describeError(error);
  // ConfigError and CliError messages stand alone; anything else is prefixed with `hub:`.
  const named =
    error instanceof CliError || (error instanceof Error && error.name === 'ConfigError');
  console.error(named ? text : `hub: ${text}`);
  process.exit(exitCode);
});
