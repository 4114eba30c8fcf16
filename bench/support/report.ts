/**
 * BENCHMARKS.md from one side-by-side run: the goals, the ratios (each the median of the
 * rounds' own ratios), throughput and latency, CPU per request of every process, SQL statements
 * per request and the profiles. Only the part between the markers is rewritten; notes around it
 * stay.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';

import type { Cell, SideBySideResult } from '../side-by-side.bench.js';

import type { TargetName } from './cluster.js';
import { TARGETS } from './cluster.js';
import { median } from './database.js';
import type { OperationName } from './operations.js';
import type { ProfileSummary } from './profile.js';
import { total, type StatementCounts } from './sql-count.js';

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';
const READS: readonly OperationName[] = ['case', 'persons', 'room'];
const PROCESSES = ['gateway', 'narcotics', 'cyber', 'juvenile', 'audit', 'postgres'] as const;

export interface Goal {
  readonly goal: string;
  readonly measured: string;
  readonly holds: boolean;
}

const f = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '—');

function cellsOf(
  result: SideBySideResult,
  op: OperationName,
  connections: number,
  target: TargetName,
) {
  return result.cells.filter(
    (c) => c.operation === op && c.connections === connections && c.target === target,
  );
}

/** Median over the rounds of A's figure divided by `other`'s, each round on its own. */
export function ratio(
  result: SideBySideResult,
  op: OperationName,
  connections: number,
  other: TargetName,
): number {
  const a = cellsOf(result, op, connections, 'A');
  const b = cellsOf(result, op, connections, other);
  return median(
    a.map((cell) => {
      const peer = b.find((x) => x.round === cell.round);
      return peer ? cell.load.perSecond / peer.load.perSecond : NaN;
    }),
  );
}

/** Median over the rounds of A's p50 minus B's, ms. */
function p50Difference(result: SideBySideResult, op: OperationName): number {
  const a = cellsOf(result, op, 1, 'A');
  const b = cellsOf(result, op, 1, 'B');
  return median(
    a.map((cell) => {
      const peer = b.find((x) => x.round === cell.round);
      return peer ? cell.load.p50 - peer.load.p50 : NaN;
    }),
  );
}

function cpuPerRequest(cells: readonly Cell[], process: string): number {
  const requests = cells.reduce((sum, c) => sum + c.load.requests, 0);
  const ms = cells.reduce((sum, c) => sum + (c.cpu[process] ?? 0), 0);
  return requests > 0 ? ms / requests : NaN;
}

function range(values: number[]): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) {
    return '—';
  }
  const [low, high] = [Math.min(...finite), Math.max(...finite)];
  return low === high ? f(low) : `${f(low)}–${f(high)}`;
}

export function goals(result: SideBySideResult): Goal[] {
  const conns = result.options.connections;
  const commit = median([...result.commitMs]);
  const readRatios = (other: TargetName, c: number) =>
    READS.map((op) => ratio(result, op, c, other));
  const caseTotals = Object.entries(result.caseStatements).map(
    ([n, counts]) => [n, total(counts)] as const,
  );
  const differences = READS.map((op) => p50Difference(result, op));
  const top = Math.max(...conns);
  return [
    {
      goal: 'A ÷ B throughput ≥ 0.95 at every concurrency (three reads)',
      measured: conns.map((c) => `${c}: ${range(readRatios('B', c))}`).join('; '),
      holds: conns.every((c) => readRatios('B', c).every((r) => r >= 0.95)),
    },
    {
      goal: `A ÷ C throughput ≥ 1.25 at ${top} connections (three reads)`,
      measured: range(readRatios('C', top)),
      holds: readRatios('C', top).every((r) => r >= 1.25),
    },
    {
      goal: 'A ÷ D throughput (case) ≥ 0.35',
      measured: conns.map((c) => `${c}: ${f(ratio(result, 'case', c, 'D'))}`).join('; '),
      holds: conns.every((c) => ratio(result, 'case', c, 'D') >= 0.35),
    },
    {
      goal: `A − B p50 at 1 connection ≤ 1 ms + the audit store's commit (${f(commit)} ms) = ${f(1 + commit)} ms`,
      measured: READS.map((op, i) => `${op} ${f(differences[i] as number)} ms`).join(', '),
      holds: differences.every((d) => d <= 1 + commit),
    },
    {
      goal: 'SQL statements per case request the same at 10, 50 and 200 suspects',
      measured: caseTotals.map(([n, t]) => `${n}: ${f(t, 1)}`).join(', '),
      holds: caseTotals.every(([, t]) => t === caseTotals[0]?.[1]),
    },
  ];
}

/** A Markdown table; a column is right-aligned when every cell in it starts with a number. */
function table(header: string[], rows: string[][]): string {
  const numeric = (i: number) => rows.every((row) => /^[-0-9—]/.test(row[i] ?? ''));
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (i > 0 && numeric(i) ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

function targetsOf(result: SideBySideResult, op: OperationName): TargetName[] {
  const floor = result.operations.find((o) => o.name === op)?.floor;
  return (['A', 'B', 'C', 'D'] as TargetName[]).filter((t) => t !== 'D' || floor);
}

function ratioTable(result: SideBySideResult): string {
  const rows = result.operations.flatMap(({ name }) =>
    result.options.connections.map((c) => [
      name,
      String(c),
      f(ratio(result, name, c, 'B')),
      f(ratio(result, name, c, 'C')),
      targetsOf(result, name).includes('D') ? f(ratio(result, name, c, 'D')) : '—',
      c === 1 ? `${f(p50Difference(result, name))} ms` : '',
    ]),
  );
  return table(['operation', 'connections', 'A ÷ B', 'A ÷ C', 'A ÷ D', 'A − B p50'], rows);
}

function throughputTable(result: SideBySideResult): string {
  const rows = result.operations.flatMap(({ name }) =>
    targetsOf(result, name).map((t) => [
      `${name} ${t}`,
      ...result.options.connections.map((c) => {
        const cells = cellsOf(result, name, c, t);
        return `${f(median(cells.map((x) => x.load.perSecond)), 0)} · ${f(median(cells.map((x) => x.load.p50)))} · ${f(median(cells.map((x) => x.load.p99)))}`;
      }),
    ]),
  );
  return table(
    [
      'operation / target',
      ...result.options.connections.map((c) => `${c} conn: req/s · p50 · p99 ms`),
    ],
    rows,
  );
}

function cpuTable(result: SideBySideResult, connections: number): string {
  const rows = result.operations.flatMap(({ name }) =>
    targetsOf(result, name).map((t) => {
      const cells = cellsOf(result, name, connections, t);
      const values = PROCESSES.map((p) => cpuPerRequest(cells, p));
      return [
        `${name} ${t}`,
        ...values.map((v) => f(v)),
        f(values.reduce((s, v) => s + (Number.isFinite(v) ? v : 0), 0)),
      ];
    }),
  );
  return table(['operation / target', 'gateway (or D)', ...PROCESSES.slice(1), 'all'], rows);
}

function statementsTable(result: SideBySideResult): string {
  const databases = ['narcotics', 'cyber', 'juvenile', 'audit'];
  const rows = Object.entries(result.statements).map(([key, counts]: [string, StatementCounts]) => [
    key.replace('/', ' '),
    ...databases.map((db) => f(counts[db] ?? 0, 1)),
    f(total(counts), 1),
  ]);
  return table(['operation / target', ...databases, 'all'], rows);
}

function profileTable(summary: ProfileSummary): string {
  return [
    table(
      ['function (self time)', 'share'],
      summary.functions.map((s) => [`\`${s.name}\``, `${f(s.share * 100, 1)} %`]),
    ),
    '',
    table(
      ['package (self time)', 'share'],
      summary.packages.map((s) => [s.name, `${f(s.share * 100, 1)} %`]),
    ),
  ].join('\n');
}

/** The case request's statements by number of suspects, and each statement of one. */
function caseStatementsSection(result: SideBySideResult): string {
  return [
    `Case with its suspects, persons and handles on A, by number of suspects: ${Object.entries(
      result.caseStatements,
    )
      .map(([n, counts]) => `${n} → ${f(total(counts), 1)}`)
      .join(', ')}; each statement of one (10 suspects):`,
    '',
    table(
      ['database', 'per request', 'statement'],
      result.caseStatementList.map((s) => [
        s.database,
        f(s.calls, 1),
        `\`${s.query.replace(/\s+/g, ' ').replace(/\|/g, '\\|').slice(0, 110)}\``,
      ]),
    ),
  ].join('\n');
}

export function renderReport(result: SideBySideResult): string {
  const commit = median([...result.commitMs]);
  const g = goals(result);
  const o = result.options;
  const parts = [
    `Run of ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length} cores; ` +
      `Node ${result.versions.node}, PostgreSQL ${result.versions.postgres}; NODE_ENV=production, telemetry off. ` +
      `${o.rounds} rounds × ${o.connections.join('/')} connections × ${o.seconds} s per target, targets alternating; ` +
      `load average during the run: ${result.load}.`,
    '',
    Object.entries(TARGETS)
      .map(([name, t]) => `- **${name}** — ${t.label}`)
      .join('\n'),
    '',
    `Audit store's bare commit (one INSERT + commit): ${f(commit)} ms (median; per round ${result.commitMs.map((v) => f(v)).join(', ')}). ` +
      `Answers compared across targets before measuring: ${result.checkedAnswers}. SQL counted by ${result.sqlMethod}.`,
    '',
    '### Goals',
    '',
    table(
      ['goal', 'measured', 'holds'],
      g.map((x) => [x.goal, x.measured, x.holds ? 'yes' : '**no**']),
    ),
    '',
    '### Ratios (median of the rounds’ own ratios)',
    '',
    ratioTable(result),
    '',
    '### Throughput and latency (medians over rounds)',
    '',
    throughputTable(result),
    '',
    `### CPU per request, ms (10 connections; all rounds)`,
    '',
    cpuTable(result, o.connections.includes(10) ? 10 : (o.connections[0] as number)),
    '',
    '### SQL statements per request (sequential requests)',
    '',
    statementsTable(result),
    '',
    caseStatementsSection(result),
  ];
  if (result.profiles) {
    parts.push(
      '',
      `### Profile of A's gateway (\`node --cpu-prof\`, three reads mixed, 10 connections; ${f(result.profiles.gateway.busyMs, 0)} ms busy)`,
      '',
      profileTable(result.profiles.gateway),
      '',
      `### Profile of the narcotics subgraph (same run; ${f(result.profiles.narcotics.busyMs, 0)} ms busy)`,
      '',
      profileTable(result.profiles.narcotics),
    );
  }
  return parts.join('\n');
}

const PREAMBLE = `# Benchmarks

Written by \`npm run bench\` (bench/side-by-side.bench.ts); the part between the markers is
rewritten on every run.

`;

export async function writeReport(file: string, body: string): Promise<void> {
  const existing = existsSync(file)
    ? await readFile(file, 'utf8')
    : `${PREAMBLE}${START}\n${END}\n`;
  const start = existing.indexOf(START);
  const end = existing.indexOf(END);
  const next =
    start >= 0 && end > start
      ? `${existing.slice(0, start + START.length)}\n\n${body}\n\n${existing.slice(end)}`
      : `${existing}\n${START}\n\n${body}\n\n${END}\n`;
  // Formatted as the repository formats Markdown (`npm run lint` checks it).
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(file)) ?? {};
  await writeFile(file, await prettier.format(next, { ...options, filepath: file }));
}
