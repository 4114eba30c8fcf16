/*
 * Scale-out: two gateway processes in front of the same subgraph processes, writing one audit
 * store. A load is split between them; each answers its share, and the audit trail is still one
 * chain that verifies, with exactly one final record per request (and one write-ahead record
 * per mutation), records of both gateways interleaved in it.
 */
import { withAdmin } from './support/database.js';
import { postGraphQL, type GraphQLResult } from './support/hub.js';
import { runHub } from './support/processes.js';
import { startServiceHub, type ServiceHub } from './support/services.js';

let hub: ServiceHub;

beforeAll(async () => {
  hub = await startServiceHub({ seed: true, gateways: 2 });
}, 300_000);

afterAll(async () => {
  await hub?.stop();
});

const QUERIES = 40;
const MUTATIONS = 6;
const CONCURRENCY = 8;

interface Sent {
  readonly gateway: number;
  readonly mutation: boolean;
  readonly result: GraphQLResult;
}

async function send(
  index: number,
  tokens: { analyst: string; investigator: string },
): Promise<Sent> {
  const gateway = index % 2;
  const mutation = index >= QUERIES;
  const url = `${hub.gateways[gateway]?.base}/graphql`;
  const body = mutation
    ? {
        query: /* GraphQL */ `
          mutation Open($input: OpenCaseInput!) {
            openCase(input: $input) {
              caseNumber
            }
          }
        `,
        variables: {
          input: {
            caseNumber: `ND-2026-${9000 + index}`,
            title: 'Scale-out',
            dissemination: 'GREEN',
          },
        },
      }
    : {
        query: /* GraphQL */ `
          query Split {
            cases(first: 3) {
              totalCount
            }
          }
        `,
      };
  const token = mutation ? tokens.investigator : tokens.analyst;
  const result = await postGraphQL<Record<string, unknown>>(url, body, {
    authorization: `Bearer ${token}`,
    'x-purpose': 'INVESTIGATION:ND-2026-0001',
  });
  return { gateway, mutation, result };
}

it('splits a load over two gateways and keeps one verifiable chain, one record per request', async () => {
  const tokens = {
    analyst: await hub.token({ roles: ['bureau_analyst'] }),
    investigator: await hub.token({ roles: ['narcotics_investigator'], agency: 'GS-NB' }),
  };
  const sent: Sent[] = [];
  const indices = Array.from({ length: QUERIES + MUTATIONS }, (_, i) => i);
  for (let i = 0; i < indices.length; i += CONCURRENCY) {
    const batch = indices.slice(i, i + CONCURRENCY).map((index) => send(index, tokens));
    sent.push(...(await Promise.all(batch)));
  }
  for (const { result } of sent) {
    expect({ status: result.status, errors: result.body.errors }).toEqual({
      status: 200,
      errors: undefined,
    });
  }
  const ids = sent.map((s) => s.result.headers.get('x-request-id') ?? '');
  expect(new Set(ids).size).toBe(sent.length);

  // Each gateway answered its own share: its log has a line for each of its request ids (lines
  // are written once the answer is out, so they may trail it by a moment).
  for (const [index, gateway] of hub.gateways.entries()) {
    const mine = sent
      .filter((s) => s.gateway === index)
      .map((s) => s.result.headers.get('x-request-id'));
    expect(mine.length).toBe((QUERIES + MUTATIONS) / 2);
    const unlogged = async () => {
      const logged = new Set(gateway.logLines().map((l) => l.msg === 'request' && l.requestId));
      return mine.filter((id) => !logged.has(id));
    };
    for (let tries = 0; (await unlogged()).length > 0 && tries < 50; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await unlogged()).toEqual([]);
  }

  const auditDb = new URL(hub.env.DATABASE_URL ?? '');
  auditDb.pathname = `/${hub.prefix}_audit`;
  const rows = await withAdmin(auditDb.toString(), async (client) => {
    const result = await client.query<{ seq: string; request_id: string; outcome: string }>(
      'SELECT seq, request_id, outcome FROM audit.access_log ORDER BY seq',
    );
    return result.rows;
  });
  const finals = rows.filter((r) => r.outcome !== 'PENDING');
  const pending = rows.filter((r) => r.outcome === 'PENDING');
  expect(finals.map((r) => r.request_id).sort()).toEqual([...ids].sort());
  const mutationIds = sent
    .filter((s) => s.mutation)
    .map((s) => s.result.headers.get('x-request-id'));
  expect(pending.map((r) => r.request_id).sort()).toEqual([...mutationIds].sort());

  // One chain, both gateways' records interleaved in it.
  const gatewayOf = new Map(sent.map((s) => [s.result.headers.get('x-request-id'), s.gateway]));
  const order = finals.map((r) => gatewayOf.get(r.request_id));
  const switches = order.filter((g, i) => i > 0 && g !== order[i - 1]).length;
  expect(switches).toBeGreaterThan(2);

  const verify = await runHub(['audit', 'verify'], { ...hub.env, LOG_LEVEL: 'warn' });
  expect(verify.output).toContain(`audit chain holds: ${rows.length} records`);
  expect(verify.code).toBe(0);
}, 120_000);
