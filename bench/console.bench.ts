/**
 * `npm run bench -- console`: the audit console on the article profile.
 *
 * - Audited traffic first: real requests through the gateway (several roles, refusals,
 *   withheld fields, sealed juvenile reads), so the trail holds thousands of entries.
 * - Page loads in Debian's Chromium (playwright-core, /usr/bin/chromium): from navigation to
 *   the first log page drawn, to all three charts drawn, to the chain's integrity shown.
 * - Export rate side by side, in entries per second over the same filtered entries: plain
 *   paging of the API (200 a page, the export's own query), NDJSON and CSV from
 *   POST /console/export (which pages through the gateway's own endpoint, each page audited).
 */
import { existsSync } from 'node:fs';

import { chromium } from 'playwright-core';

import { EXPORT_PAGE_SIZE, EXPORT_QUERY } from '../gateway/web/export-query.js';

import { startBenchHub, type BenchHub } from './support/hub.js';

const CHROMIUM = '/usr/bin/chromium';

interface Args {
  readonly entries: number;
  readonly rounds: number;
}

async function post(hub: BenchHub, token: string, purpose: string, query: string, variables = {}) {
  const response = await fetch(hub.gatewayUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'x-purpose': purpose,
    },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
}

/** Real requests through the gateway until the trail holds about `entries`. */
async function traffic(hub: BenchHub, entries: number): Promise<number> {
  const callers: Record<string, string> = {
    investigator: await hub.token({ roles: ['narcotics_investigator'], sub: 'inv-1' }),
    analyst: await hub.token({ roles: ['bureau_analyst'], sub: 'analyst-1' }),
    juvenile: await hub.token({ roles: ['juvenile_officer'], sub: 'juv-1', agency: 'GS-JUV' }),
    cyber: await hub.token({ roles: ['cyber_analyst'], sub: 'cyber-1', agency: 'GS-CYB' }),
  };
  const requests: [string, string, string][] = [
    [
      'investigator',
      'PROSECUTION:CASE-7',
      '{ cases(first: 5) { edges { node { caseNumber title } } } }',
    ],
    [
      'analyst',
      'ANALYSIS',
      '{ cases(first: 3) { edges { node { suspects { person { nationalId } } } } } }',
    ],
    ['analyst', 'ANALYSIS', '{ juvenileRecords(first: 1) { edges { node { id } } } }'],
    [
      'juvenile',
      'JUDICIAL:COURT-2026-17',
      '{ juvenileRecords(filter: { sealed: true }, first: 5) { edges { node { id } } } }',
    ],
    ['cyber', 'INVESTIGATION', '{ cases(first: 1) { totalCount } }'],
  ];
  const started = performance.now();
  const concurrency = 16;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < entries) {
        const i = next++;
        const [caller, purpose, query] = requests[i % requests.length] ?? ['', '', ''];
        await post(hub, callers[caller] ?? '', purpose, query);
      }
    }),
  );
  return entries / ((performance.now() - started) / 1000);
}

async function pageLoads(hub: BenchHub, auditor: string, rounds: number) {
  const base = hub.gatewayUrl.replace(/\/graphql$/, '');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const times: { log: number; charts: number; integrity: number }[] = [];
  try {
    for (let round = 0; round < rounds; round += 1) {
      const context = await browser.newContext({ viewport: { width: 1500, height: 1000 } });
      // Signed in already (the token in this tab's session), as after a reload.
      await context.addInitScript((token) => sessionStorage.setItem('hub-token', token), auditor);
      const page = await context.newPage();
      const started = performance.now();
      await page.goto(`${base}/console`);
      const at = async (selector: string) => {
        await page.waitForSelector(selector, { timeout: 60_000 });
        return performance.now() - started;
      };
      const [log, charts, integrity] = await Promise.all([
        at('tbody tr'),
        at('[data-chart=sealed] canvas').then(() => at('[data-chart=denials] canvas')),
        at('[data-testid=chain-verified]'),
      ]);
      times.push({ log, charts, integrity });
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return times;
}

async function pagedApi(hub: BenchHub, auditor: string, filter: Record<string, string>) {
  let count = 0;
  let after: string | null = null;
  const started = performance.now();
  do {
    const body = await post(hub, auditor, 'AUDIT', EXPORT_QUERY, {
      filter,
      first: EXPORT_PAGE_SIZE,
      after,
    });
    const log = body.data?.accessLog as
      { edges: unknown[]; pageInfo: { hasNextPage: boolean; endCursor: string } } | undefined;
    if (!log) {
      throw new Error(`paging refused: ${JSON.stringify(body.errors)}`);
    }
    count += log.edges.length;
    after = log.pageInfo.hasNextPage ? log.pageInfo.endCursor : null;
  } while (after);
  return { count, seconds: (performance.now() - started) / 1000 };
}

async function exported(
  hub: BenchHub,
  auditor: string,
  format: string,
  filter: Record<string, string>,
) {
  const base = hub.gatewayUrl.replace(/\/graphql$/, '');
  const started = performance.now();
  const response = await fetch(`${base}/console/export`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: auditor, requestPurpose: 'AUDIT', format, ...filter }),
  });
  if (!response.ok || !response.body) {
    throw new Error(`export refused: ${response.status} ${await response.text()}`);
  }
  let newlines = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    for (const byte of chunk as Uint8Array) {
      newlines += byte === 10 ? 1 : 0;
    }
  }
  // CSV: a header line; no value holds a newline (ids, codes, hashes, joined lists).
  const count = format === 'csv' ? newlines - 1 : newlines;
  return { count, seconds: (performance.now() - started) / 1000 };
}

interface Timed {
  readonly count: number;
  readonly seconds: number;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

export async function runConsoleBench(serverUrl: string, args: Args): Promise<string> {
  const lines: string[] = [];
  const say = (line: string) => {
    lines.push(line);
    console.log(line);
  };
  const seeding = performance.now();
  const hub = await startBenchHub(serverUrl, { seed: 'article' });
  say(`hub with the article profile up in ${((performance.now() - seeding) / 1000).toFixed(0)} s`);
  try {
    const rate = await traffic(hub, args.entries);
    say(`${args.entries} audited requests through the gateway at ${rate.toFixed(0)} req/s`);
    const auditor = await hub.token({ roles: ['auditor'], sub: 'bench-auditor', agency: 'GS-AUD' });
    if (existsSync(CHROMIUM)) {
      const loads = await pageLoads(hub, auditor, args.rounds);
      const ms = (v: number) => `${v.toFixed(0)} ms`;
      say(
        `console load (median of ${args.rounds}, Chromium headless, trail ≈ ${args.entries} entries):`,
      );
      say(`  first log page drawn   ${ms(median(loads.map((l) => l.log)))}`);
      say(`  charts drawn           ${ms(median(loads.map((l) => l.charts)))}`);
      say(`  integrity shown        ${ms(median(loads.map((l) => l.integrity)))}`);
    } else {
      say(`page loads skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);
    }
    const filter = {}; // the whole trail as it stands before the exports
    const to = new Date().toISOString();
    const scoped = { ...filter, to };
    say(`export of the whole trail up to ${to}, entries/s (best of ${args.rounds}):`);
    const runs = {
      api: [] as Timed[],
      ndjson: [] as Timed[],
      csv: [] as Timed[],
    };
    for (let round = 0; round < args.rounds; round += 1) {
      runs.api.push(await pagedApi(hub, auditor, scoped));
      runs.ndjson.push(await exported(hub, auditor, 'ndjson', scoped));
      runs.csv.push(await exported(hub, auditor, 'csv', scoped));
    }
    const best = (name: keyof typeof runs) =>
      Math.max(...runs[name].map((r) => r.count / r.seconds));
    const api = best('api');
    for (const name of ['api', 'ndjson', 'csv'] as const) {
      const count = runs[name][0]?.count ?? 0;
      const label = name === 'api' ? 'paging the API' : `export ${name}`;
      say(
        `  ${label.padEnd(16)} ${best(name).toFixed(0).padStart(7)} entries/s  (${count} entries, ×${(best(name) / api).toFixed(2)} of paging)`,
      );
    }
  } finally {
    await hub.stop();
  }
  return lines.join('\n');
}
