/**
 * The gateway's own costs, each measured side by side in one run against the same subgraphs
 * and data:
 *  - access control (issue 5): p50 latency with the access layer on vs off, on a query that
 *    returns 200 protected field values;
 *  - audit trail (issue 6): requests per second with the audit trail on vs off, 32 concurrent
 *    clients.
 */
import { percentile } from './support/database.js';
import { startBenchHub, type BenchHub } from './support/hub.js';
import { startVariant } from './support/variants.js';

const ACCESS_QUERY = /* GraphQL */ `
  {
    persons(first: 100) {
      edges {
        node {
          id
          fullName
          nationalId
          dateOfBirth
        }
      }
    }
  }
`;
const AUDIT_QUERY = /* GraphQL */ `
  {
    cases(first: 5) {
      edges {
        node {
          caseNumber
          title
        }
      }
    }
  }
`;

async function post(url: string, token: string, query: string): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'x-purpose': 'INVESTIGATION',
    },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { errors?: unknown[] };
  if (response.status !== 200 || body.errors) {
    throw new Error(`benchmark query failed: ${response.status} ${JSON.stringify(body.errors)}`);
  }
}

async function timed(url: string, token: string, query: string): Promise<number> {
  const started = performance.now();
  await post(url, token, query);
  return performance.now() - started;
}

export interface AccessControlResult {
  readonly p50On: number;
  readonly p50Off: number;
  readonly overhead: number;
  readonly rounds: number;
}

export async function benchAccessControl(
  hub: BenchHub,
  rounds = 300,
): Promise<AccessControlResult> {
  const off = await startVariant(hub, 'no-access');
  try {
    const token = await hub.token({ roles: ['narcotics_investigator'] });
    for (let i = 0; i < 30; i += 1) {
      await post(hub.gatewayUrl, token, ACCESS_QUERY);
      await post(off.url, token, ACCESS_QUERY);
    }
    const on: number[] = [];
    const without: number[] = [];
    for (let i = 0; i < rounds; i += 1) {
      // Alternate which goes first so drift and caches hit both alike.
      if (i % 2 === 0) {
        on.push(await timed(hub.gatewayUrl, token, ACCESS_QUERY));
        without.push(await timed(off.url, token, ACCESS_QUERY));
      } else {
        without.push(await timed(off.url, token, ACCESS_QUERY));
        on.push(await timed(hub.gatewayUrl, token, ACCESS_QUERY));
      }
    }
    const p50On = percentile(on, 50);
    const p50Off = percentile(without, 50);
    return { p50On, p50Off, overhead: p50On / p50Off - 1, rounds };
  } finally {
    await off.stop();
  }
}

export interface AuditResult {
  readonly rpsOn: number;
  readonly rpsOff: number;
  readonly ratio: number;
  readonly clients: number;
  readonly requests: number;
}

async function throughput(
  url: string,
  token: string,
  clients: number,
  perClient: number,
): Promise<number> {
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = 0; i < perClient; i += 1) {
        await post(url, token, AUDIT_QUERY);
      }
    }),
  );
  return (clients * perClient) / ((performance.now() - started) / 1000);
}

export async function benchAudit(
  hub: BenchHub,
  clients = 32,
  perClient = 40,
): Promise<AuditResult> {
  const off = await startVariant(hub, 'no-audit');
  try {
    const token = await hub.token({ roles: ['bureau_analyst'] });
    await throughput(hub.gatewayUrl, token, clients, 5);
    await throughput(off.url, token, clients, 5);
    const on: number[] = [];
    const without: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      without.push(await throughput(off.url, token, clients, perClient));
      on.push(await throughput(hub.gatewayUrl, token, clients, perClient));
    }
    const rpsOn = percentile(on, 50);
    const rpsOff = percentile(without, 50);
    return { rpsOn, rpsOff, ratio: rpsOn / rpsOff, clients, requests: clients * perClient * 3 };
  } finally {
    await off.stop();
  }
}

export async function benchGateway(
  serverUrl: string,
): Promise<{ access: AccessControlResult; audit: AuditResult }> {
  const hub = await startBenchHub(serverUrl);
  try {
    return { access: await benchAccessControl(hub), audit: await benchAudit(hub) };
  } finally {
    await hub.stop();
  }
}
