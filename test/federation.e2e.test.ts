/* Through the real gateway over HTTP, against real PostgreSQL. */
import { generateKeyPairSync } from 'node:crypto';

import { SignJWT, UnsecuredJWT } from 'jose';

import { scopesForRoles } from '../schema/access.js';

import { postGraphQL, startTestHub, type TestHub } from './support/hub.js';
import { postToSubgraph } from './support/internal-context.js';

const CASES = /* GraphQL */ `
  query Cases($first: Int) {
    cases(first: $first) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          caseNumber
          title
          province
          dissemination
          owningAgency {
            code
            name
          }
          suspects {
            role
            person {
              id
              fullName
              gender
            }
          }
        }
      }
    }
  }
`;

/** Every request states why (the gateway requires it for protected fields). */
const PURPOSE = 'INVESTIGATION';

let hub: TestHub;
let analyst: string;

beforeAll(async () => {
  hub = await startTestHub({ seed: true });
  analyst = await hub.token({ roles: ['bureau_analyst'] });
});
afterAll(() => hub?.stop());

describe('a federated query through the gateway', () => {
  it('returns demo cases with their suspects and persons', async () => {
    const { status, body } = await hub.query<{
      cases: {
        totalCount: number;
        edges: { node: { caseNumber: string; suspects: { person: { fullName: string } }[] } }[];
      };
    }>(CASES, { token: analyst, purpose: 'INVESTIGATION', variables: { first: 5 } });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data?.cases.totalCount).toBeGreaterThan(5);
    expect(body.data?.cases.edges).toHaveLength(5);
    const withSuspects = body.data?.cases.edges.find((edge) => edge.node.suspects.length > 0);
    expect(withSuspects?.node.suspects[0]?.person.fullName).toEqual(expect.any(String));
  });

  it('pages with cursors without repeating or skipping a case', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    for (let page = 0; page < 100; page += 1) {
      const result: Awaited<
        ReturnType<
          typeof hub.query<{
            cases: {
              totalCount: number;
              pageInfo: { hasNextPage: boolean; endCursor: string | null };
              edges: { node: { id: string } }[];
            };
          }>
        >
      > = await hub.query(
        /* GraphQL */ `
          query ($after: String) {
            cases(first: 7, after: $after) {
              totalCount
              pageInfo {
                hasNextPage
                endCursor
              }
              edges {
                node {
                  id
                }
              }
            }
          }
        `,
        { token: analyst, purpose: PURPOSE, variables: { after } },
      );
      const cases = result.body.data?.cases;
      expect(cases).toBeTruthy();
      total = cases?.totalCount ?? 0;
      seen.push(...(cases?.edges.map((edge) => edge.node.id) ?? []));
      if (!cases?.pageInfo.hasNextPage) {
        break;
      }
      after = cases.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(total);
  });

  it('answers a malformed cursor with BAD_USER_INPUT and no internals', async () => {
    const { body } = await hub.query(`{ cases(after: "not-a-cursor") { totalCount } }`, {
      token: analyst,
      purpose: PURPOSE,
    });
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(body)).not.toMatch(/stack|SELECT|postgres|127\.0\.0\.1/i);
  });

  it('strips the subgraphs’ records-accessed report from what the client sees', async () => {
    const { body } = await hub.query(CASES, {
      token: analyst,
      purpose: PURPOSE,
      variables: { first: 1 },
    });
    expect(JSON.stringify(body)).not.toContain('hubAccessed');
  });

  it('serves health, readiness and metrics', async () => {
    const base = hub.gatewayUrl.replace(/\/graphql$/, '');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
    expect(await (await fetch(`${base}/metrics`)).text()).toContain('hub_graphql_requests_total');
    const page = await (await fetch(`${base}/`)).text();
    expect(page).toContain('Interagency Hub');
    expect(page).not.toMatch(/https?:\/\/(?!localhost)/);
  });
});

describe('token failures answer 401 UNAUTHENTICATED', () => {
  const query = '{ cases(first: 1) { totalCount } }';
  const claims = {
    agency: 'GS-NB',
    province: 'GS',
    roles: ['bureau_analyst'],
    scope: 'narcotics:read',
  };

  async function expect401(headers: Record<string, string>) {
    const { status, body } = await postGraphQL(hub.gatewayUrl, { query }, headers);
    expect(status).toBe(401);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  }

  it('without a token', () => expect401({}));
  it('with a malformed header', () => expect401({ authorization: 'Basic dXNlcjpwYXNz' }));
  it('with garbage', () => expect401({ authorization: 'Bearer not.a.jwt' }));

  it('with alg: none', async () => {
    const token = new UnsecuredJWT(claims)
      .setSubject('officer-1')
      .setIssuer(hub.config.jwt.issuer)
      .setAudience(hub.config.jwt.audience)
      .setExpirationTime('1h')
      .encode();
    await expect401({ authorization: `Bearer ${token}` });
  });

  it('signed by an unknown key', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'EdDSA' })
      .setSubject('officer-1')
      .setIssuer(hub.config.jwt.issuer)
      .setAudience(hub.config.jwt.audience)
      .setExpirationTime('1h')
      .sign(privateKey);
    await expect401({ authorization: `Bearer ${token}` });
  });

  it('expired', async () => {
    const token = await hub.token({ roles: ['bureau_analyst'], ttl: '-10m' });
    await expect401({ authorization: `Bearer ${token}` });
  });

  it('for another audience', async () => {
    const token = await hub.token({ roles: ['bureau_analyst'] });
    const [, payload] = token.split('.');
    const tampered = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString()) as Record<
      string,
      unknown
    >;
    tampered.aud = 'someone-else';
    const forged = token.replace(
      payload ?? '',
      Buffer.from(JSON.stringify(tampered)).toString('base64url'),
    );
    await expect401({ authorization: `Bearer ${forged}` });
  });
});

describe('subgraphs refuse requests that bypass the gateway', () => {
  const principal = {
    sub: 'intruder',
    agency: 'GS-NB',
    province: 'GS',
    roles: ['narcotics_investigator'],
    scopes: scopesForRoles(['narcotics_investigator']),
  };
  const query = '{ cases(first: 1) { totalCount } }';

  it('without x-hub-context', async () => {
    const { status, body } = await postGraphQL(hub.subgraphUrls.narcotics ?? '', { query }, {});
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(body.data ?? null).toBeNull();
  });

  it('with a context signed by another key', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const { status, body } = await postToSubgraph(
      {
        url: hub.subgraphUrls.narcotics ?? '',
        audience: 'narcotics',
        key: privateKey,
        context: { principal, requestId: 'forged-request' },
      },
      { query },
    );
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('with the caller’s own bearer token instead of a context', async () => {
    const { status } = await postGraphQL(
      hub.subgraphUrls.narcotics ?? '',
      { query },
      { 'x-hub-context': analyst },
    );
    expect(status).toBe(401);
  });
});

describe('the demo seed, as the subgraphs serve it', () => {
  interface SeededRecord {
    id: string;
    dateOfBirth: string;
    ageAtOffence: number;
    sealed: boolean;
    person: { id: string; dateOfBirth: string | null; nationalId: string | null } | null;
  }

  it('gives a person one date of birth: narcotics, the national id and the juvenile record', async () => {
    // A juvenile officer with a judicial purpose sees every record, sealed ones included.
    const token = await hub.token({ roles: ['juvenile_officer'] });
    const { status, body } = await hub.query<{
      juvenileRecords: { totalCount: number; edges: { node: SeededRecord }[] };
    }>(
      /* GraphQL */ `
        query SeedBirthDates {
          juvenileRecords(first: 200) {
            totalCount
            edges {
              node {
                id
                dateOfBirth
                ageAtOffence
                sealed
                person {
                  id
                  dateOfBirth
                  nationalId
                }
              }
            }
          }
        }
      `,
      { token, purpose: 'JUDICIAL:COURT-2026-0917' },
    );
    expect({ status, errors: body.errors }).toEqual({ status: 200, errors: undefined });
    const records = body.data?.juvenileRecords.edges.map((edge) => edge.node) ?? [];
    expect(records.length).toBe(body.data?.juvenileRecords.totalCount);
    expect(new Set(records.map((record) => record.sealed))).toEqual(new Set([true, false]));
    const disagreeing = records.filter(
      (record) =>
        record.person?.dateOfBirth !== record.dateOfBirth ||
        record.person.nationalId?.slice(6, 14) !== record.dateOfBirth.replaceAll('-', '') ||
        record.ageAtOffence < 14 ||
        record.ageAtOffence > 17,
    );
    expect(disagreeing).toEqual([]);
  });
});
