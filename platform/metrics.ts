/**
 * Prometheus metrics shared by every server in the process (one registry, labelled). No label
 * ever holds record data, an officer's id or free client text: operation names are bounded
 * ({@link OperationLabels}), every other label comes from a closed set or from the supergraph.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const sqlQueries = new Counter({
  name: 'hub_sql_queries_total',
  help: 'SQL statements sent to PostgreSQL, by subgraph',
  labelNames: ['subgraph'] as const,
  registers: [registry],
});

export const graphqlRequests = new Counter({
  name: 'hub_graphql_requests_total',
  help: 'GraphQL requests served, by server, operation (bounded) and outcome',
  labelNames: ['server', 'operation', 'outcome'] as const,
  registers: [registry],
});

export const graphqlDuration = new Histogram({
  name: 'hub_graphql_request_duration_seconds',
  help: 'GraphQL request duration, by server and operation (bounded)',
  labelNames: ['server', 'operation'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

export const subgraphFetches = new Counter({
  name: 'hub_subgraph_fetches_total',
  help: 'Fetches the gateway sent to a subgraph, by subgraph and outcome',
  labelNames: ['subgraph', 'outcome'] as const,
  registers: [registry],
});

export const subgraphFetchDuration = new Histogram({
  name: 'hub_subgraph_fetch_duration_seconds',
  help: 'Duration of the gateway’s fetches to a subgraph',
  labelNames: ['subgraph'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

export const accessDenials = new Counter({
  name: 'hub_access_denials_total',
  help: 'Fields denied or operations refused by the access layer, by reason (from the supergraph’s rules)',
  labelNames: ['reason'] as const,
  registers: [registry],
});

export const authFailures = new Counter({
  name: 'hub_auth_failures_total',
  help: 'Requests whose bearer token was missing or refused, by reason',
  labelNames: ['reason'] as const,
  registers: [registry],
});

export const limitRefusals = new Counter({
  name: 'hub_limit_refusals_total',
  help: 'Requests refused for exceeding a limit (depth, aliases, root fields, cost, document or body size)',
  labelNames: ['limit'] as const,
  registers: [registry],
});

export const auditWriteDuration = new Histogram({
  name: 'hub_audit_write_duration_seconds',
  help: 'Time to commit one append of audit records (one transaction)',
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

export const auditBatchSize = new Histogram({
  name: 'hub_audit_batch_size',
  help: 'Audit records committed together by one append (group commit)',
  buckets: [1, 2, 5, 10, 20, 50, 100, 200],
  registers: [registry],
});

export const auditQueueDepth = new Gauge({
  name: 'hub_audit_queue_depth',
  help: 'Audit records waiting to be appended',
  registers: [registry],
});

export const auditFailures = new Counter({
  name: 'hub_audit_failures_total',
  help: 'Audit records that could not be committed (their requests answered 503), by kind',
  labelNames: ['kind'] as const,
  registers: [registry],
});

export const poolAcquireDuration = new Histogram({
  name: 'hub_db_pool_acquire_seconds',
  help: 'Time a request waited for a database connection, by pool',
  labelNames: ['pool'] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

/** What a connection pool reports (pg.Pool has these counters). */
export interface PoolCounts {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
}

const pools = new Map<string, () => PoolCounts | undefined>();

new Gauge({
  name: 'hub_db_pool_connections',
  help: 'Database pool connections by pool and state (in use, idle) and requests waiting for one',
  labelNames: ['pool', 'state'] as const,
  registers: [registry],
  collect() {
    this.reset();
    for (const [pool, counts] of pools) {
      const c = counts();
      if (c) {
        this.set({ pool, state: 'in_use' }, c.totalCount - c.idleCount);
        this.set({ pool, state: 'idle' }, c.idleCount);
        this.set({ pool, state: 'waiting' }, c.waitingCount);
      }
    }
  },
});

/** Reports a pool's use at every scrape until the returned function is called. */
export function observePool(name: string, counts: () => PoolCounts | undefined): () => void {
  pools.set(name, counts);
  return () => {
    if (pools.get(name) === counts) {
      pools.delete(name);
    }
  };
}

/**
 * Series of a closed label set exist from the start (at 0), so rates and alerts work before the
 * first event and a scrape shows every series an operator can expect.
 */
const CLOSED_LABELS: readonly [Counter<string>, string, readonly string[]][] = [
  [
    authFailures,
    'reason',
    [
      'missing',
      'expired',
      'claim',
      'signature',
      'unknown_key',
      'algorithm',
      'malformed',
      'principal',
    ],
  ],
  [
    limitRefusals,
    'limit',
    ['document_bytes', 'depth', 'aliases', 'root_fields', 'cost', 'body_bytes'],
  ],
  [auditFailures, 'kind', ['store', 'row']],
];
for (const [counter, label, values] of CLOSED_LABELS) {
  values.forEach((value) => counter.inc({ [label]: value }, 0));
}

export async function metricsText(): Promise<{ contentType: string; body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,99}$/;

/**
 * Operation names as metric labels, bounded: a client chooses any operationName, so only
 * valid GraphQL names get a label of their own — the allowed ones when a list is configured,
 * otherwise the first `max` distinct names this process sees — and everything else is `other`
 * (anonymous operations `anonymous`, unresolved requests `none`).
 */
export class OperationLabels {
  private readonly seen = new Set<string>();

  constructor(
    private readonly max: number,
    private readonly allowed?: ReadonlySet<string>,
  ) {}

  of(name: string | null | undefined): string {
    if (name === undefined) {
      return 'none';
    }
    if (name === null || name === '') {
      return 'anonymous';
    }
    if (!GRAPHQL_NAME.test(name)) {
      return 'other';
    }
    if (this.allowed) {
      return this.allowed.has(name) ? name : 'other';
    }
    if (this.seen.has(name)) {
      return name;
    }
    if (this.seen.size >= this.max) {
      return 'other';
    }
    this.seen.add(name);
    return name;
  }
}
