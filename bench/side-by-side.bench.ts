/**
 * The side-by-side benchmark (issue 16): the same requests against four targets over the same
 * running subgraphs and data (bench/support/cluster.ts) — A the hub's gateway as shipped, B the
 * same without access control and audit, C Hive Gateway, D the floor — in rounds that
 * alternate the targets, at several concurrencies; with CPU time per request of every process,
 * SQL statements per request, the audit store's bare commit latency, and CPU profiles of A's
 * gateway and of the narcotics subgraph. Every figure that judges the hub is a ratio of two
 * targets measured side by side in the same round.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';

import { externalId } from '../subgraphs/kit/index.js';

import { startCluster, TARGETS, type Cluster, type TargetName } from './support/cluster.js';
import { percentile, withClient } from './support/database.js';
import { ask, drive, type LoadResult } from './support/load.js';
import {
  operations,
  readPools,
  READER_AGENCY,
  type Operation,
  type OperationName,
} from './support/operations.js';
import { cpuMs, postgresCpuMs, postmasterPid, type Service } from './support/processes.js';
import { monotonicUs, summariseDir, type ProfileSummary } from './support/profile.js';
import {
  callsBetween,
  sqlCounter,
  statementsBetween,
  total,
  type SqlCounter,
  type StatementCall,
  type StatementCounts,
} from './support/sql-count.js';

export interface SideBySideOptions {
  readonly rounds: number;
  /** Seconds each target is driven per cell (operation × concurrency × round). */
  readonly seconds: number;
  readonly warmSeconds: number;
  readonly connections: readonly number[];
  /** Seconds of load under `--cpu-prof` (0: no profiles). */
  readonly profileSeconds: number;
}

export const FULL_RUN: SideBySideOptions = {
  rounds: 3,
  seconds: 3,
  warmSeconds: 2,
  connections: [1, 10, 32],
  profileSeconds: 15,
};

export const QUICK_RUN: SideBySideOptions = {
  rounds: 3,
  seconds: 1,
  warmSeconds: 0.5,
  connections: [1, 10, 32],
  profileSeconds: 6,
};

/** One target driven with one operation at one concurrency in one round. */
export interface Cell {
  readonly round: number;
  readonly connections: number;
  readonly operation: OperationName;
  readonly target: TargetName;
  readonly load: LoadResult;
  /** CPU milliseconds spent by each process during the cell. */
  readonly cpu: Readonly<Record<string, number>>;
}

export interface SideBySideResult {
  readonly options: SideBySideOptions;
  readonly operations: readonly { name: OperationName; label: string; floor: boolean }[];
  readonly cells: readonly Cell[];
  /** Bare commit latency of the audit store (one INSERT + commit), ms, per round. */
  readonly commitMs: readonly number[];
  /** SQL statements per case request on A by number of suspects. */
  readonly caseStatements: Readonly<Record<number, StatementCounts>>;
  /** Each statement of one case request on A (10 suspects), calls per request. */
  readonly caseStatementList: readonly StatementCall[];
  /** SQL statements per request, by operation and target, by database. */
  readonly statements: Readonly<Record<string, StatementCounts>>;
  readonly sqlMethod: string;
  readonly versions: { readonly node: string; readonly postgres: string };
  readonly profiles?: { readonly gateway: ProfileSummary; readonly narcotics: ProfileSummary };
  /** Answers compared across targets (operation × samples). */
  readonly checkedAnswers: number;
  readonly load: string;
}

const PROBE_SUSPECTS = [10, 50, 200] as const;
const SUBGRAPH_PROCESSES = ['narcotics', 'cyber', 'juvenile', 'audit'] as const;

type Log = (line: string) => void;

/** GREEN cases of the reader's agency with exactly 10, 50 and 200 suspects; their client ids. */
async function probeCases(cluster: Cluster): Promise<Record<number, string>> {
  return withClient(cluster.databases.narcotics, async (client) => {
    await client.query('SET ROLE hub_narcotics_owner');
    const ids: Record<number, string> = {};
    for (const count of PROBE_SUSPECTS) {
      const { rows } = await client.query<{ id: number }>(
        `INSERT INTO narcotics.cases (case_number, title, status, province, dissemination, owning_agency_code, opened_at)
         SELECT $1, 'Bench probe', 'OPEN', province, 'GREEN', code, now() FROM narcotics.agencies
          WHERE code = $2 RETURNING id`,
        [`BENCH-2099-${String(count).padStart(6, '0')}`, READER_AGENCY],
      );
      const caseId = Number(rows[0]?.id);
      await client.query(
        `INSERT INTO narcotics.case_suspects (case_id, person_id, role, added_at)
         SELECT $1, id, 'BUYER', now() FROM narcotics.persons ORDER BY id LIMIT $2`,
        [caseId, count],
      );
      ids[count] = externalId('Case', caseId);
    }
    await client.query('ANALYZE narcotics.cases, narcotics.case_suspects');
    return ids;
  });
}

async function tokensFor(cluster: Cluster, ops: readonly Operation[]) {
  const agencyOf: Record<string, [string, string]> = {
    narcotics_investigator: [READER_AGENCY, 'GS'],
    cyber_analyst: ['MPS-CYBER', 'BJ'],
    auditor: ['MPS-AUDIT', 'BJ'],
  };
  const tokens = new Map<OperationName, string>();
  for (const op of ops) {
    const [agency, province] = agencyOf[op.roles[0] as string] ?? [READER_AGENCY, 'GS'];
    tokens.set(op.name, await cluster.token(op.roles, agency, province));
  }
  return tokens;
}

/**
 * The same answers from every target: B, C and D must return exactly A's data for the read
 * operations (sampled variables); push and audit answer without errors everywhere.
 */
async function checkAnswers(
  targets: Record<TargetName, Service>,
  ops: readonly Operation[],
  tokens: Map<OperationName, string>,
  samples: number,
): Promise<number> {
  let checked = 0;
  for (const op of ops) {
    const token = tokens.get(op.name) as string;
    for (let i = 0; i < samples; i += 1) {
      const body = op.nextBody();
      const reference = await ask(targets.A.url, op, token, body);
      if (reference.status !== 200 || reference.body.errors) {
        throw new Error(
          `A answered ${op.name} with ${JSON.stringify(reference.body).slice(0, 500)}`,
        );
      }
      for (const name of ['B', 'C', 'D'] as const) {
        if (name === 'D' && !op.floor) {
          continue;
        }
        // A push is a write: each target gets its own fresh items; audit rows differ per target.
        const own = op.name === 'push' || op.name === 'audit' ? op.nextBody() : body;
        const answer = await ask(targets[name].url, op, token, own);
        if (answer.status !== 200 || answer.body.errors) {
          throw new Error(
            `${name} answered ${op.name} with ${JSON.stringify(answer.body).slice(0, 500)}`,
          );
        }
        if (own === body && !isDeepStrictEqual(answer.body.data, reference.body.data)) {
          throw new Error(
            `${name} answered ${op.name} differently from A for ${body.slice(0, 300)}:\n` +
              `A: ${JSON.stringify(reference.body.data).slice(0, 800)}\n` +
              `${name}: ${JSON.stringify(answer.body.data).slice(0, 800)}`,
          );
        }
        checked += 1;
      }
    }
  }
  return checked;
}

/** SQL statements per request of `body` on `url` (sequential requests, warm). */
async function statementsPerRequest(
  counter: SqlCounter,
  url: string,
  op: Operation,
  token: string,
  body: () => string,
  requests = 10,
): Promise<StatementCounts> {
  await ask(url, op, token, body());
  const before = await counter.snapshot();
  for (let i = 0; i < requests; i += 1) {
    const answer = await ask(url, op, token, body());
    if (answer.status !== 200 || answer.body.errors) {
      throw new Error(`${op.name} failed while counting SQL: ${JSON.stringify(answer.body)}`);
    }
  }
  const delta = statementsBetween(before, await counter.snapshot());
  return Object.fromEntries(Object.entries(delta).map(([db, n]) => [db, n / requests]));
}

/** The audit store's own commit: one INSERT and its commit (autocommit), median of `count`. */
async function bareCommitMs(auditUrl: string, count = 40): Promise<number> {
  return withClient(auditUrl, async (client) => {
    await client.query(
      'CREATE TABLE IF NOT EXISTS public.bench_commit_probe (id bigserial PRIMARY KEY, body jsonb NOT NULL)',
    );
    const times: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const started = performance.now();
      await client.query('INSERT INTO public.bench_commit_probe (body) VALUES ($1)', [
        JSON.stringify({ i, at: Date.now() }),
      ]);
      times.push(performance.now() - started);
    }
    return percentile(times, 50);
  });
}

interface Meters {
  read(): Record<string, number>;
}

function meters(cluster: Cluster, postmaster: number | undefined): Meters {
  return {
    read: () => {
      const values: Record<string, number> = {
        'load generator': process.cpuUsage().user / 1000 + process.cpuUsage().system / 1000,
      };
      for (const name of SUBGRAPH_PROCESSES) {
        values[name] = cpuMs(cluster.subgraphs[name].pid);
      }
      values.postgres = postmaster === undefined ? NaN : postgresCpuMs(postmaster);
      return values;
    },
  };
}

async function measureCell(
  target: Service,
  op: Operation,
  token: string,
  connections: number,
  seconds: number,
  meter: Meters,
): Promise<{ load: LoadResult; cpu: Record<string, number> }> {
  const before = { ...meter.read(), gateway: cpuMs(target.pid) };
  const load = await drive({ url: target.url, operation: op, token, connections, seconds });
  const after = { ...meter.read(), gateway: cpuMs(target.pid) };
  const cpu = Object.fromEntries(
    Object.entries(after).map(([name, value]) => [
      name,
      value - (before[name as keyof typeof before] ?? 0),
    ]),
  );
  return { load, cpu };
}

/** The three read operations in turn, for the profiles. */
function mixedReads(ops: readonly Operation[]): Operation {
  const reads = ops.filter((op) => op.floor);
  let next = 0;
  const first = reads[0] as Operation;
  return {
    ...first,
    name: 'case',
    nextBody: () => {
      next += 1;
      return (reads[next % reads.length] as Operation).nextBody();
    },
  };
}

async function profiles(
  cluster: Cluster,
  ops: readonly Operation[],
  token: string,
  seconds: number,
  log: Log,
): Promise<{ gateway: ProfileSummary; narcotics: ProfileSummary }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hub-bench-prof-'));
  try {
    const flags = (name: string) => ['--cpu-prof', `--cpu-prof-dir=${path.join(dir, name)}`];
    await cluster.restartSubgraph('narcotics', flags('narcotics'));
    const gateway = await cluster.startTarget('A', flags('gateway'));
    const reads = mixedReads(ops);
    await drive({ url: gateway.url, operation: reads, token, connections: 10, seconds: 1 });
    log(`  profiling A's gateway and the narcotics subgraph: ${seconds} s at 10 connections`);
    const fromUs = monotonicUs();
    const load = await drive({
      url: gateway.url,
      operation: reads,
      token,
      connections: 10,
      seconds,
    });
    const window = { fromUs, toUs: monotonicUs() };
    if (load.failures > 0) {
      throw new Error(`profile run failed: ${load.firstFailure}`);
    }
    await gateway.stop();
    await cluster.restartSubgraph('narcotics');
    return {
      gateway: await summariseDir(path.join(dir, 'gateway'), window),
      narcotics: await summariseDir(path.join(dir, 'narcotics'), window),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function versions(serverUrl: string) {
  const postgres = await withClient(serverUrl, async (client) => {
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return rows[0]?.server_version ?? '?';
  });
  return { node: process.version, postgres };
}

function rotated<T>(values: readonly T[], by: number): T[] {
  return values.map((_, i) => values[(i + by) % values.length] as T);
}

async function loadAverage(): Promise<string> {
  const { loadavg } = await import('node:os');
  return loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');
}

type Targets = Record<TargetName, Service>;
type Tokens = Map<string, string>;

/** SQL statements of one case request at each probe's number of suspects, and the list at the first. */
async function countCaseStatements(
  counter: SqlCounter,
  url: string,
  ops: readonly Operation[],
  tokens: Tokens,
  probes: Record<number, string>,
) {
  const caseOp = ops.find((op) => op.name === 'case') as Operation;
  const caseToken = tokens.get('case') as string;
  const caseStatements: Record<number, StatementCounts> = {};
  let caseStatementList: StatementCall[] = [];
  for (const count of PROBE_SUSPECTS) {
    const body = JSON.stringify({
      query: caseOp.query,
      operationName: caseOp.operationName,
      variables: { id: probes[count] },
    });
    const before = await counter.statements();
    caseStatements[count] = await statementsPerRequest(counter, url, caseOp, caseToken, () => body);
    if (count === PROBE_SUSPECTS[0]) {
      // statementsPerRequest sends one warm-up request, then ten counted ones.
      caseStatementList = callsBetween(before, await counter.statements()).map((s) => ({
        ...s,
        calls: s.calls / 11,
      }));
    }
  }
  return { caseStatements, caseStatementList };
}

/** SQL statements per request of every operation on every target. */
async function countStatements(
  counter: SqlCounter,
  targets: Targets,
  ops: readonly Operation[],
  tokens: Tokens,
) {
  const statements: Record<string, StatementCounts> = {};
  for (const op of ops) {
    for (const name of Object.keys(TARGETS) as TargetName[]) {
      if (name !== 'D' || op.floor) {
        statements[`${op.name}/${name}`] = await statementsPerRequest(
          counter,
          targets[name].url,
          op,
          tokens.get(op.name) as string,
          () => op.nextBody(),
        );
      }
    }
  }
  return statements;
}

/** Every target and operation driven for a while before anything is measured. */
async function warmUp(
  targets: Targets,
  ops: readonly Operation[],
  tokens: Tokens,
  seconds: number,
) {
  for (const op of ops) {
    for (const name of Object.keys(TARGETS) as TargetName[]) {
      if (name !== 'D' || op.floor) {
        const token = tokens.get(op.name) as string;
        await drive({
          url: targets[name].url,
          operation: op,
          token,
          connections: 10,
          seconds: seconds,
        });
      }
    }
  }
}

/** The measured rounds: every connection count, operation and target, targets rotated. */
async function measureRounds(
  cluster: Cluster,
  targets: Targets,
  ops: readonly Operation[],
  tokens: Tokens,
  meter: Meters,
  options: SideBySideOptions,
  log: Log,
) {
  const cells: Cell[] = [];
  const commitMs: number[] = [];
  const loads: string[] = [await loadAverage()];
  for (let round = 1; round <= options.rounds; round += 1) {
    commitMs.push(await bareCommitMs(cluster.databases.audit));
    for (const connections of options.connections) {
      for (const [index, op] of ops.entries()) {
        const names = rotated(['A', 'B', 'C', 'D'] as TargetName[], round + index).filter(
          (name) => name !== 'D' || op.floor,
        );
        for (const name of names) {
          const measured = await measureCell(
            targets[name],
            op,
            tokens.get(op.name) as string,
            connections,
            options.seconds,
            meter,
          );
          cells.push({ round, connections, operation: op.name, target: name, ...measured });
          if (measured.load.failures > 0) {
            log(
              `    ${name} ${op.name} ×${connections}: ${measured.load.failures} failures, first: ${measured.load.firstFailure}`,
            );
          }
        }
      }
      log(
        `  round ${round}, ${connections} connection(s) done (load average ${await loadAverage()})`,
      );
    }
    loads.push(await loadAverage());
  }
  return { cells, commitMs, loads };
}

/** Every target, started over the cluster's subgraphs. */
async function startTargets(cluster: Cluster, log: Log): Promise<Targets> {
  const targets = {} as Targets;
  for (const name of Object.keys(TARGETS) as TargetName[]) {
    targets[name] = await cluster.startTarget(name);
    log(`  ${name} (${TARGETS[name].label}) at ${targets[name].url}`);
  }
  return targets;
}

/** Warm-up, the measured rounds and (when asked) the profiles. */
async function measure(
  cluster: Cluster,
  targets: Targets,
  ops: readonly Operation[],
  tokens: Tokens,
  meter: Meters,
  options: SideBySideOptions,
  log: Log,
) {
  log(`warming up: every target and operation, ${options.warmSeconds} s at 10 connections`);
  await warmUp(targets, ops, tokens, options.warmSeconds);
  const { cells, commitMs, loads } = await measureRounds(
    cluster,
    targets,
    ops,
    tokens,
    meter,
    options,
    log,
  );
  const profile =
    options.profileSeconds > 0
      ? await profiles(cluster, ops, tokens.get('case') as string, options.profileSeconds, log)
      : undefined;
  return { cells, commitMs, loads, profile };
}

export async function runSideBySide(
  serverUrl: string,
  options: SideBySideOptions,
  log: Log,
): Promise<SideBySideResult> {
  log('setting up: article profile, one process per subgraph');
  const cluster = await startCluster(serverUrl, log);
  let counter: SqlCounter | undefined;
  try {
    const probes = await probeCases(cluster);
    const pools = await readPools(cluster.databases.narcotics, cluster.databases.cyber);
    const ops = operations(pools, Date.now().toString(36));
    const tokens = await tokensFor(cluster, ops);
    const targets = await startTargets(cluster, log);
    const checkedAnswers = await checkAnswers(targets, ops, tokens, 6);
    log(`  answers: B, C and D gave A's data (${checkedAnswers} answers compared)`);

    counter = await sqlCounter(serverUrl, cluster.databases, {
      ...Object.fromEntries(SUBGRAPH_PROCESSES.map((n) => [n, cluster.subgraphs[n].url])),
    });
    const { caseStatements, caseStatementList } = await countCaseStatements(
      counter,
      targets.A.url,
      ops,
      tokens,
      probes,
    );
    const statements = await countStatements(counter, targets, ops, tokens);
    log(`  SQL statements counted (${counter.method})`);

    const meter = meters(cluster, await postmasterPid(serverUrl));
    const measured = await measure(cluster, targets, ops, tokens, meter, options, log);
    return {
      options,
      operations: ops.map(({ name, label, floor }) => ({ name, label, floor })),
      cells: measured.cells,
      commitMs: measured.commitMs,
      caseStatements,
      caseStatementList,
      statements,
      sqlMethod: counter.method,
      versions: await versions(serverUrl),
      profiles: measured.profile,
      checkedAnswers,
      load: measured.loads.join(' → '),
    };
  } finally {
    await counter?.close();
    await cluster.stop();
  }
}

/** Whether the case operation's statements stay the same from 10 to 200 suspects. */
export function caseStatementsConstant(result: SideBySideResult): boolean {
  const totals = Object.values(result.caseStatements).map(total);
  return totals.every((value) => value === totals[0]);
}
