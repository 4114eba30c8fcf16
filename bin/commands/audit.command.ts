/**
 * `hub audit`: the audit trail. Moved verbatim from bin/hub.ts (imports made lazy); the audit
 * work rewrites this file.
 */
import { Command } from 'commander';

import { logger } from './common.js';

export function auditCommand(): Command {
  const audit = new Command('audit').description('the audit trail');
  audit
    .command('verify')
    .description('walk the hash chain; exit 1 naming the first broken record')
    .action(async () => {
      const { hubConfig } = await import('../../platform/config.js');
      const { auditReaderUrl, openDatabase } = await import('../../platform/database/server.js');
      const { describeChain, verifyAuditChain } = await import('../../tools/audit-verify.js');
      const config = hubConfig();
      const database = await openDatabase(config, await logger());
      try {
        const state = await verifyAuditChain(await auditReaderUrl(config, database.serverUrl));
        console.log(describeChain(state));
        process.exitCode = state.verified ? 0 : 1;
      } finally {
        await database.stop();
      }
    });
  return audit;
}
