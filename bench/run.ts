/**
 * `npm run bench`: the side-by-side benchmark (bench/side-by-side.bench.ts), which writes
 * BENCHMARKS.md and fails when the case operation's SQL statements grow with its suspects.
 *
 *   npm run bench                 full run (3 rounds × 1/10/32 connections × 3 s, profiles)
 *   npm run bench -- --quick      the same in about a third of the time (1 s cells)
 *   npm run bench -- ingest       the ingest benchmark (bench/ingest.bench.ts) instead
 *   npm run bench -- audit-log [records]
 *                                 the audit log's checkpoints, verify and proofs
 *                                 (bench/audit-log.bench.ts; default 1,000,000 records)
 *   npm run bench -- console      the audit console on the article profile (bench/console.bench.ts):
 *                                 page loads in Chromium, export rate beside plain API paging
 *
 * Every figure that judges the hub is a ratio of targets measured side by side in one run.
 */
import 'reflect-metadata';

import path from 'node:path';

import { hubConfig } from '../platform/config.js';
import { PROJECT_ROOT } from '../platform/paths.js';

import {
  caseStatementsConstant,
  FULL_RUN,
  QUICK_RUN,
  runSideBySide,
} from './side-by-side.bench.js';
import { benchDatabase } from './support/database.js';
import { goals, renderReport, writeReport } from './support/report.js';

async function sideBySide(url: string, quick: boolean): Promise<boolean> {
  const started = performance.now();
  const result = await runSideBySide(url, quick ? QUICK_RUN : FULL_RUN, (line) =>
    console.log(line),
  );
  const report = renderReport(result);
  const file = path.join(PROJECT_ROOT, 'BENCHMARKS.md');
  await writeReport(file, report);
  console.log(`\n${report}\n`);
  for (const goal of goals(result)) {
    console.log(`${goal.holds ? 'holds ' : 'MISSED'}  ${goal.goal}: ${goal.measured}`);
  }
  console.log(`\nwrote ${file} in ${((performance.now() - started) / 60_000).toFixed(1)} min`);
  if (!caseStatementsConstant(result)) {
    console.error('FAIL: SQL statements per case request grow with its suspects');
    return false;
  }
  return true;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const database = await benchDatabase(hubConfig().database.url);
  try {
    if (args.includes('audit-log')) {
      const { runAuditLogBench } = await import('./audit-log.bench.js');
      const records = Number(args[args.indexOf('audit-log') + 1]);
      const result = await runAuditLogBench(
        database.url,
        { records: Number.isSafeInteger(records) && records > 0 ? records : undefined },
        (line) => console.log(line),
      );
      if (result.throughputRatio < 0.95) {
        console.error('MISSED  audit throughput with checkpoints on / off ≥ 0.95');
        process.exitCode = 1;
      }
      return;
    }
    if (args.includes('ingest')) {
      const { formatBench, runIngestBench } = await import('./ingest.bench.js');
      console.log(formatBench(await runIngestBench(database.url)));
      return;
    }
    if (args.includes('console')) {
      const { runConsoleBench } = await import('./console.bench.js');
      await runConsoleBench(database.url, {
        entries: args.includes('--quick') ? 1_000 : 5_000,
        rounds: args.includes('--quick') ? 2 : 5,
      });
      return;
    }
    if (!(await sideBySide(database.url, args.includes('--quick')))) {
      process.exitCode = 1;
    }
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
