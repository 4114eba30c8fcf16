/** `hub gateway`: the gateway alone. */
import { Command } from 'commander';

import { logger, onShutdown } from './common.js';

export function gatewayCommand(): Command {
  return new Command('gateway')
    .description('run the gateway alone (subgraph URLs from NARCOTICS_URL, CYBER_URL, …)')
    .action(async () => {
      const { hubConfig } = await import('../../platform/config.js');
      const { assertProductionReady } = await import('../../platform/production-config.js');
      const config = hubConfig();
      assertProductionReady(config, 'gateway');
      const { startGatewayServer } = await import('../../hub/services.js');
      const server = await startGatewayServer(config, await logger());
      onShutdown(server.stop);
    });
}
