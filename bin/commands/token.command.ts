/** `hub token`: a development JWT the dev gateway accepts. */
import { Command, InvalidArgumentError } from 'commander';

import { DEMO_AGENCIES, DEMO_PROVINCES } from '../../hub/demo-agencies.js';
import { ROLES } from '../../schema/access.js';

import { CliError, durationOption } from './common.js';

function roleOption(value: string, previous: string[] | undefined): string[] {
  if (!(ROLES as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(
      `--role takes one of ${ROLES.join(', ')} (got ${JSON.stringify(value)}).`,
    );
  }
  return [...(previous ?? []), value];
}

interface TokenOptions {
  role: string[];
  agency: string;
  province: string;
  anyAgency?: boolean;
  sub?: string;
  name?: string;
  ttl: string;
}

/** Unknown agency or province codes: refused, unless --any-agency (exit 2). */
function checkAgency(options: TokenOptions): void {
  if (options.anyAgency) {
    return;
  }
  if (!DEMO_AGENCIES.some((known) => known.code === options.agency)) {
    throw new CliError(
      `hub token: unknown agency ${JSON.stringify(options.agency)}; the demo agencies are ` +
        `${DEMO_AGENCIES.map((known) => known.code).join(', ')} (or pass --any-agency).`,
      2,
    );
  }
  if (!DEMO_PROVINCES.includes(options.province)) {
    throw new CliError(
      `hub token: unknown province ${JSON.stringify(options.province)}; the demo provinces ` +
        `are ${DEMO_PROVINCES.join(', ')} (or pass --any-agency).`,
      2,
    );
  }
}

/**
 * Mints the token; when HUB_HOME held no development keys (new ones made), says that a gateway
 * started with another HUB_HOME will refuse it — the usual cause of a 401 "unknown key".
 */
async function mint(options: TokenOptions): Promise<void> {
  checkAgency(options);
  const { existsSync } = await import('node:fs');
  const { hubConfig } = await import('../../platform/config.js');
  const { devKeyPath } = await import('../../platform/keys.js');
  const { mintDevToken } = await import('../../hub/tokens.js');
  const config = hubConfig();
  const fresh = !existsSync(devKeyPath(config));
  const token = await mintDevToken(config, {
    roles: options.role,
    agency: options.agency,
    province: options.province,
    sub: options.sub,
    name: options.name,
    ttl: options.ttl,
  });
  process.stdout.write(`${token}\n`);
  if (fresh) {
    process.stderr.write(
      `hub token: no development keys were under HUB_HOME=${config.home}, so new ones were ` +
        'made; a gateway started with another HUB_HOME will refuse this token (401 "signed by ' +
        'an unknown key"). Run hub token with the HUB_HOME of the gateway.\n',
    );
  }
}

const HELP_AFTER = [
  '',
  `Roles: ${ROLES.join(', ')}`,
  '',
  'Demo agencies (code, province, name):',
  ...DEMO_AGENCIES.map(
    (agency) => `  ${agency.code.padEnd(10)} ${agency.province}  ${agency.name}`,
  ),
  '',
  'The token is signed with the development key under HUB_HOME: mint it with the same',
  'HUB_HOME as the running gateway, or the gateway answers 401 "signed by an unknown key".',
  '',
  'Example: TOKEN=$(npx hub token --role bureau_analyst --agency GS-NB --province GS)',
].join('\n');

export function tokenCommand(): Command {
  return new Command('token')
    .description('print a development JWT for the dev gateway (refused in production)')
    .requiredOption('--role <role...>', `role(s): ${ROLES.join(', ')}`, roleOption)
    .requiredOption('--agency <code>', 'agency code, e.g. GS-NB (one of the demo agencies below)')
    .requiredOption('--province <code>', `province code: ${DEMO_PROVINCES.join(', ')}`)
    .option('--any-agency', 'accept agency and province codes the demo data does not know')
    .option('--sub <id>', 'officer id')
    .option('--name <name>', 'officer name')
    .option(
      '--ttl <duration>',
      'lifetime: a number and s, m, h, d or w, e.g. 15m, 1h',
      durationOption('--ttl'),
      '1h',
    )
    .addHelpText('after', HELP_AFTER)
    .action(mint);
}
