/** `hub start`: everything in one process (what `npm start` runs). */
import { Command } from 'commander';

import { logger, onShutdown } from './common.js';

export function startCommand(): Command {
  return new Command('start')
    .description('run everything: database, migrations, demo data, subgraphs and gateway')
    .action(async () => {
      const started = performance.now();
      const { hubConfig } = await import('../../platform/config.js');
      const { assertProductionReady } = await import('../../platform/production-config.js');
      const config = hubConfig();
      assertProductionReady(config, 'all');
      const { banner, startHub } = await import('../../hub/start.js');
      const hub = await startHub(config, await logger());
      onShutdown(hub.stop);
      console.log(banner(hub, (performance.now() - started) / 1000));
    });
}
