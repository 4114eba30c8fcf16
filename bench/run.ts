/**
 * `npm run bench`: every benchmark, each a ratio measured side by side in one run.
 *   npm run bench [-- gateway|ingest]
 */
import 'reflect-metadata';

import { hubConfig } from '../platform/config.js';

import { benchGateway } from './gateway.bench.js';
import { benchDatabase } from './support/database.js';

async function main(): Promise<void> {
  const only = process.argv[2];
  const database = await benchDatabase(hubConfig().database.url);
  try {
    if (!only || only === 'gateway') {
      const { access, audit } = await benchGateway(database.url);
      console.log(
        `access control: p50 ${access.p50On.toFixed(2)} ms on vs ${access.p50Off.toFixed(2)} ms off ` +
          `(${access.rounds} requests each, 200 protected values per answer): overhead ${(access.overhead * 100).toFixed(1)}%`,
      );
      console.log(
        `audit trail: ${audit.rpsOn.toFixed(0)} req/s on vs ${audit.rpsOff.toFixed(0)} req/s off ` +
          `(${audit.clients} concurrent clients, ${audit.requests} requests each side): ratio ${(audit.ratio * 100).toFixed(1)}%`,
      );
    }
    if (!only || only === 'ingest') {
      const { formatBench, runIngestBench } = await import('./ingest.bench.js');
      console.log(formatBench(await runIngestBench(database.url)));
    }
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
