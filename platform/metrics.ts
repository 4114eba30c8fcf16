/** Prometheus metrics shared by every server in the process (one registry, labelled). */
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

export const sqlQueries = new Counter({
  name: 'hub_sql_queries_total',
  help: 'SQL statements sent to PostgreSQL, by subgraph',
  labelNames: ['subgraph'] as const,
  registers: [registry],
});

export const graphqlRequests = new Counter({
  name: 'hub_graphql_requests_total',
  help: 'GraphQL requests served, by server and outcome',
  labelNames: ['server', 'outcome'] as const,
  registers: [registry],
});

export const graphqlDuration = new Histogram({
  name: 'hub_graphql_request_duration_seconds',
  help: 'GraphQL request duration, by server',
  labelNames: ['server'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

export async function metricsText(): Promise<{ contentType: string; body: string }> {
  return { contentType: registry.contentType, body: await registry.metrics() };
}
