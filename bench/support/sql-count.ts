/**
 * SQL statements the hub's databases ran, per database: from `pg_stat_statements` (every
 * top-level statement, BEGIN and COMMIT included) when the server has it loaded — the bench's
 * embedded server always does — else from each subgraph's own `hub_sql_queries_total` (what
 * the ORM sent; the gateway's audit appends are then not counted).
 */
import pg from 'pg';

import type { SubgraphName } from '../../schema/subgraph-names.js';

export type StatementCounts = Readonly<Record<string, number>>;

/** One statement text and how many times it ran, per database. */
export interface StatementCall {
  readonly database: string;
  readonly query: string;
  readonly calls: number;
}

export interface SqlCounter {
  /** How the counts are taken, for the report. */
  readonly method: string;
  snapshot(): Promise<StatementCounts>;
  /** Calls per statement text (empty where the counter cannot tell statements apart). */
  statements(): Promise<StatementCall[]>;
  close(): Promise<void>;
}

/** Statements run between two {@link SqlCounter.statements} readings, most called first. */
export function callsBetween(
  before: readonly StatementCall[],
  after: readonly StatementCall[],
): StatementCall[] {
  const earlier = new Map(before.map((s) => [`${s.database}\u0000${s.query}`, s.calls]));
  return after
    .map((s) => ({ ...s, calls: s.calls - (earlier.get(`${s.database}\u0000${s.query}`) ?? 0) }))
    .filter((s) => s.calls > 0)
    .sort((a, b) => a.database.localeCompare(b.database) || b.calls - a.calls);
}

export function statementsBetween(
  before: StatementCounts,
  after: StatementCounts,
): StatementCounts {
  return Object.fromEntries(
    Object.entries(after).map(([name, count]) => [name, count - (before[name] ?? 0)]),
  );
}

export function total(counts: StatementCounts): number {
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}

/** The audit checkpointer's own statements (gateway/audit/checkpointer.ts, schema/audit-log-store.ts). */
const CHECKPOINTER =
  /pg_try_advisory_xact_lock|leaves_after|log_nodes|audit\.checkpoints|cosignatures/;

/**
 * A request's statements: the gateway's checkpointer extends the Merkle log in the audit
 * database every few seconds whatever the requests (its cost is `npm run bench -- audit-log`'s);
 * counted here, the per-request figure would depend on whether a checkpoint fell inside the
 * counted window. Its transactions are BEGIN … COMMIT or ROLLBACK (the subgraphs' are START
 * TRANSACTION … COMMIT), so its COMMITs are its BEGINs less its ROLLBACKs.
 */
function requestPath(statements: readonly StatementCall[]): StatementCall[] {
  const calls = (database: string, text: string) =>
    statements
      .filter((s) => s.database === database && s.query.trim() === text)
      .reduce((sum, s) => sum + s.calls, 0);
  return statements.flatMap((s) => {
    const text = s.query.trim();
    if (CHECKPOINTER.test(text) || text === 'BEGIN' || text === 'ROLLBACK') {
      return s.database === 'audit' ? [] : [s];
    }
    if (s.database === 'audit' && text === 'COMMIT') {
      const own = calls('audit', 'BEGIN') - calls('audit', 'ROLLBACK');
      return s.calls - own > 0 ? [{ ...s, calls: s.calls - own }] : [];
    }
    return [s];
  });
}

async function statStatements(
  serverUrl: string,
  databases: Readonly<Record<SubgraphName, string>>,
): Promise<SqlCounter | undefined> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await client.query('SELECT 1 FROM pg_stat_statements LIMIT 1');
  } catch {
    await client.end();
    return undefined;
  }
  const names = Object.fromEntries(
    Object.entries(databases).map(([name, url]) => [new URL(url).pathname.slice(1), name]),
  );
  const statements = async (): Promise<StatementCall[]> => {
    const { rows } = await client.query<{ datname: string; query: string; calls: string }>(
      `SELECT d.datname, s.query, sum(s.calls) AS calls FROM pg_stat_statements s
         JOIN pg_database d ON d.oid = s.dbid
        WHERE d.datname = ANY($1) GROUP BY d.datname, s.query`,
      [Object.keys(names)],
    );
    return rows.map((row) => ({
      database: names[row.datname] as string,
      query: row.query,
      calls: Number(row.calls),
    }));
  };
  return {
    method:
      'pg_stat_statements (top-level statements, BEGIN/COMMIT included; the audit checkpointer’s periodic work left out)',
    snapshot: async () => {
      const counts: Record<string, number> = Object.fromEntries(
        Object.values(names).map((name) => [name, 0]),
      );
      for (const statement of requestPath(await statements())) {
        counts[statement.database] = (counts[statement.database] ?? 0) + statement.calls;
      }
      return counts;
    },
    statements: async () => requestPath(await statements()),
    close: () => client.end(),
  };
}

function metricsCounter(subgraphUrls: Readonly<Record<string, string>>): SqlCounter {
  return {
    method: "each subgraph's hub_sql_queries_total (ORM statements; audit appends not counted)",
    snapshot: async () => {
      const counts: Record<string, number> = {};
      for (const [name, url] of Object.entries(subgraphUrls)) {
        const text = await (await fetch(url.replace(/\/graphql$/, '/metrics'))).text();
        const line = text.split('\n').find((l) => l.startsWith('hub_sql_queries_total{'));
        counts[name] = Number(line?.split(' ').at(-1) ?? 0);
      }
      return counts;
    },
    statements: async () => [],
    close: async () => undefined,
  };
}

export async function sqlCounter(
  serverUrl: string,
  databases: Readonly<Record<SubgraphName, string>>,
  subgraphUrls: Readonly<Record<string, string>>,
): Promise<SqlCounter> {
  return (await statStatements(serverUrl, databases)) ?? metricsCounter(subgraphUrls);
}
