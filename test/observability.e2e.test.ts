/*
 * What an operator sees of the hub run as separate processes: one trace per request from the
 * gateway through the subgraph to SQL (OTLP to a collector in this test, W3C traceparent
 * honoured), one log line per request in every process under the gateway's request id, and the
 * metrics series on each process's internal metrics port while traffic runs.
 */
import { randomBytes } from 'node:crypto';

import { postGraphQL } from './support/hub.js';
import {
  startOtlpCollector,
  type CollectedSpan,
  type OtlpCollector,
} from './support/otlp-collector.js';
import { waitFor } from './support/processes.js';
import { startServiceHub, type ServiceHub, type ServiceProcess } from './support/services.js';

let collector: OtlpCollector;
let hub: ServiceHub;
let gateway: ServiceProcess;
let analyst: string;

beforeAll(async () => {
  collector = await startOtlpCollector();
  hub = await startServiceHub({
    seed: true,
    metricsPorts: true,
    env: {
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    },
  });
  gateway = hub.gateways[0] as ServiceProcess;
  analyst = await hub.token({ roles: ['bureau_analyst'], sub: 'officer-metrics-label-probe' });
}, 300_000);

afterAll(async () => {
  await hub?.stop();
  await collector?.close();
});

function ask(query: string, headers: Record<string, string> = {}, operationName?: string) {
  return postGraphQL<Record<string, unknown>>(
    `${gateway.base}/graphql`,
    { query, ...(operationName ? { operationName } : {}) },
    { authorization: `Bearer ${analyst}`, 'x-purpose': 'INVESTIGATION', ...headers },
  );
}

const CASES = /* GraphQL */ `
  query TracedCases {
    cases(first: 2) {
      edges {
        node {
          caseNumber
          suspects {
            person {
              fullName
              nationalId
            }
          }
        }
      }
    }
  }
`;

async function until<T>(probe: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = probe();
    if (found !== undefined) {
      return found;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('traces', () => {
  it('follow one request from the gateway through the subgraph to SQL, under the caller’s trace', async () => {
    const traceId = randomBytes(16).toString('hex');
    const callerSpan = randomBytes(8).toString('hex');
    const { status } = await ask(CASES, { traceparent: `00-${traceId}-${callerSpan}-01` });
    expect(status).toBe(200);

    const ofTrace = () => collector.spans.filter((span) => span.traceId === traceId);
    // Spans end (and are exported) in their own order: wait for all four kinds.
    const found = await until(() => {
      const spans = ofTrace();
      const gatewayServer = spans.find((s) => s.service === 'hub-gateway' && s.kind === 2);
      const fetch = spans.find((s) => s.service === 'hub-gateway' && s.name === 'POST narcotics');
      const subgraphServer = spans.find((s) => s.service === 'hub-narcotics' && s.kind === 2);
      const sql = spans.find(
        (s) =>
          s.service === 'hub-narcotics' &&
          (s.attributes['db.system.name'] ?? s.attributes['db.system']) === 'postgresql',
      );
      return gatewayServer && fetch && subgraphServer && sql
        ? { spans, gatewayServer, fetch, subgraphServer, sql }
        : undefined;
    }, 'gateway, fetch, subgraph and SQL spans of the trace');
    const { spans, gatewayServer, fetch, subgraphServer, sql } = found;
    const byId = new Map(spans.map((span) => [span.spanId, span]));
    const ancestors = (span: CollectedSpan): CollectedSpan[] => {
      const parent = span.parentSpanId ? byId.get(span.parentSpanId) : undefined;
      return parent ? [parent, ...ancestors(parent)] : [];
    };

    expect(gatewayServer.parentSpanId).toBe(callerSpan);
    expect(fetch).toMatchObject({ kind: 3, attributes: { 'hub.subgraph': 'narcotics' } });
    expect(ancestors(fetch)).toContain(gatewayServer);
    expect(subgraphServer.parentSpanId).toBe(fetch.spanId);
    expect(ancestors(sql)).toContain(subgraphServer);
    // Statements only: the values a query was sent with never reach a span.
    expect(JSON.stringify(spans)).not.toMatch(/INVESTIGATION|officer-metrics-label-probe/);
  });

  it('starts a trace of its own when the caller sends none', async () => {
    const before = new Set(collector.spans.map((s) => s.traceId));
    await ask(CASES);
    const fresh = await until(
      () =>
        collector.spans.find(
          (s) => s.service === 'hub-narcotics' && s.kind === 2 && !before.has(s.traceId),
        ),
      'a new trace',
    );
    expect(fresh.traceId).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('logs', () => {
  it('write one line per request in the gateway and in each subgraph it called, under one request id', async () => {
    const { headers } = await ask(CASES);
    const requestId = headers.get('x-request-id') ?? '';
    const line = await until(
      () => gateway.logLines().find((l) => l.msg === 'request' && l.requestId === requestId),
      'the gateway’s request line',
    );
    expect(line).toMatchObject({
      operation: 'TracedCases',
      operationType: 'query',
      outcome: 'PARTIAL',
      status: 200,
      durationMs: expect.any(Number),
      subgraphCalls: [{ subgraph: 'narcotics', ms: expect.any(Number), status: 200 }],
    });
    expect(gateway.logLines().filter((l) => l.requestId === requestId)).toHaveLength(1);
    const narcotics = hub.subgraphs.narcotics.logLines().filter((l) => l.requestId === requestId);
    expect(narcotics).toEqual([
      expect.objectContaining({
        msg: 'request',
        outcome: 'ok',
        sqlStatements: expect.any(Number),
        durationMs: expect.any(Number),
      }),
    ]);
  });

  it('name the request on every error line', async () => {
    // A fault caused for real: the cyber subgraph is gone.
    await hub.subgraphs.cyber.process.stop();
    const failed = await ask('query CyberDown { chatRooms(first: 1) { totalCount } }');
    const requestId = failed.headers.get('x-request-id') ?? '';
    expect(failed.body.errors?.length).toBeGreaterThan(0);
    const errors = await until(() => {
      const found = gateway.logLines().filter((l) => Number(l.level) >= 50);
      return found.length > 0 ? found : undefined;
    }, 'an error line');
    expect(errors.some((l) => l.requestId === requestId)).toBe(true);
    for (const line of errors) {
      expect(line.requestId).toEqual(expect.any(String));
    }
  });
});

/** Prometheus text → series names and every label value. */
function parseMetrics(text: string): { names: Set<string>; labelValues: string[] } {
  const names = new Set<string>();
  const labelValues: string[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-z_:][a-z0-9_:]*)(\{(.*)\})? /i.exec(line);
    if (!match?.[1]) {
      continue;
    }
    names.add(match[1]);
    for (const label of (match[3] ?? '').matchAll(/[a-z_]+="((?:[^"\\]|\\.)*)"/g)) {
      labelValues.push(label[1] ?? '');
    }
  }
  return { names, labelValues };
}

const GATEWAY_SERIES = [
  'hub_graphql_requests_total',
  'hub_graphql_request_duration_seconds_bucket',
  'hub_subgraph_fetches_total',
  'hub_subgraph_fetch_duration_seconds_bucket',
  'hub_access_denials_total',
  'hub_auth_failures_total',
  'hub_limit_refusals_total',
  'hub_audit_write_duration_seconds_bucket',
  'hub_audit_batch_size_bucket',
  'hub_audit_queue_depth',
  'hub_audit_failures_total',
  'hub_db_pool_connections',
];
const SUBGRAPH_SERIES = [
  'hub_graphql_requests_total',
  'hub_graphql_request_duration_seconds_bucket',
  'hub_sql_queries_total',
  'hub_db_pool_connections',
  'hub_db_pool_acquire_seconds_bucket',
];

describe('metrics', () => {
  it('are served on the internal port only, and every series is there during traffic', async () => {
    expect((await fetch(`${gateway.base}/metrics`)).status).toBe(404);
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: __typename`).join(' ');
    const finished: number[] = [];
    const timed = <T>(request: Promise<T>) => request.finally(() => finished.push(Date.now()));
    const traffic = Promise.all([
      ...Array.from({ length: 20 }, () => timed(ask(CASES))),
      // One root field with 31 aliased children: the alias limit is the first one exceeded.
      timed(ask(`{ platforms { ${aliases} } }`)),
      timed(postGraphQL(`${gateway.base}/graphql`, { query: '{ cases { totalCount } }' }, {})),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const during = await (await fetch(`${gateway.metricsBase}/metrics`)).text();
    const scraped = Date.now();
    const answers = await traffic;
    expect(Math.max(...finished)).toBeGreaterThanOrEqual(scraped); // scraped while requests ran
    expect(
      answers.some((a) => a.body.errors?.[0]?.extensions?.code === 'OPERATION_LIMIT_EXCEEDED'),
    ).toBe(true);

    const { names } = parseMetrics(during);
    for (const series of GATEWAY_SERIES) {
      expect({ series, present: names.has(series) }).toEqual({ series, present: true });
    }
    const after = await (await fetch(`${gateway.metricsBase}/metrics`)).text();
    expect(after).toMatch(
      /hub_graphql_requests_total\{server="gateway",operation="TracedCases",outcome="PARTIAL"\} \d+/,
    );
    expect(after).toMatch(/hub_access_denials_total\{reason="requires scopes pii:read"\} [1-9]/);
    expect(after).toMatch(/hub_auth_failures_total\{reason="missing"\} [1-9]/);
    expect(after).toMatch(/hub_limit_refusals_total\{limit="aliases"\} [1-9]/);
    expect(after).toMatch(/hub_subgraph_fetches_total\{subgraph="narcotics",outcome="ok"\} [1-9]/);

    const narcotics = await (await fetch(`${hub.subgraphs.narcotics.metricsBase}/metrics`)).text();
    const subgraphNames = parseMetrics(narcotics).names;
    for (const series of SUBGRAPH_SERIES) {
      expect({ series, present: subgraphNames.has(series) }).toEqual({ series, present: true });
    }
    expect(narcotics).toMatch(/hub_db_pool_connections\{pool="narcotics",state="idle"\}/);
  });

  it('keep operation names bounded and never carry an officer, a record or a request id', async () => {
    const { headers, body } = await ask(CASES);
    const caseNumbers = JSON.stringify(body.data).match(/[A-Z]{2}-\d{4}-\d+/g) ?? [];
    for (let i = 0; i < 70; i += 1) {
      await ask(`query Hostile${i} { cases(first: 1) { totalCount } }`);
    }
    await ask(CASES, {}, 'NoSuchOperation');
    const text = await (await fetch(`${gateway.metricsBase}/metrics`)).text();
    const operations = new Set(
      [...text.matchAll(/hub_graphql_requests_total\{server="gateway",operation="([^"]*)"/g)].map(
        (m) => m[1],
      ),
    );
    expect(operations.size).toBeLessThanOrEqual(50 + 3);
    expect(operations).toContain('other');
    expect(operations).toContain('none');
    const { labelValues } = parseMetrics(text);
    const forbidden = [
      'officer-metrics-label-probe',
      headers.get('x-request-id') ?? '',
      ...caseNumbers,
    ];
    for (const value of forbidden.filter(Boolean)) {
      expect(labelValues).not.toContain(value);
    }
  });

  it('answer health and readiness on the internal port too', async () => {
    await waitFor(`${hub.subgraphs.narcotics.metricsBase}/readyz`);
    const ready = await (await fetch(`${hub.subgraphs.narcotics.metricsBase}/readyz`)).json();
    expect(ready).toMatchObject({ status: 'ready', narcotics: { ready: true } });
  });
});
