/*
 * Field-level access control through the real gateway over HTTP: a matrix generated from the
 * supergraph (every role × every protected coordinate), the bypasses a hostile caller would
 * try, and the guarantee that nothing protected can be served without the access layer.
 */
import { readFileSync } from 'node:fs';

import { ApolloGateway } from '@apollo/gateway';

import { databaseContextKeys, gatewayKeys } from '../platform/keys.js';
import { SUPERGRAPH_PATH } from '../platform/paths.js';
import { ROLES, scopesForRoles, type Purpose } from '../schema/access.js';

import { loadSupergraph, probes } from './support/access-matrix.js';
import { EXPECTED_ACCESS, expectedAllowed } from './support/expected-access.js';
import { startTestHub, type TestHub } from './support/hub.js';
import { postToSubgraph } from './support/internal-context.js';

const UNAUTHORIZED = 'UNAUTHORIZED_FIELD_OR_TYPE';
const { index, api } = loadSupergraph();

let hub: TestHub;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  hub = await startTestHub({ seed: true });
  for (const role of ROLES) {
    tokens[role] = await hub.token({ roles: [role], agency: 'GS-NB', province: 'GS' });
  }
});
afterAll(() => hub?.stop());

const codes = (body: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  (body.errors ?? []).map((e) => e.extensions?.code);

describe('the access matrix, generated from the supergraph', () => {
  const all = probes(api, index);
  const purposes: Purpose[] = [
    { code: 'INVESTIGATION' },
    { code: 'JUDICIAL', reference: 'CO-2026-7' },
  ];

  it('covers every protected coordinate that is reachable', () => {
    expect(all.length).toBeGreaterThan(20);
    const covered = new Set(all.map((probe) => probe.coordinate));
    const missing = [...index.keys()].filter(
      (c) => !covered.has(c) && c.includes('.') && !c.endsWith('.identityProtected'),
    );
    expect(missing).toEqual([]);
  });

  it('the hand-written table and the supergraph protect the same coordinates', () => {
    const protectedHere = [...index.keys()].filter((c) => !c.endsWith('.identityProtected'));
    expect(Object.keys(EXPECTED_ACCESS).sort()).toEqual(protectedHere.sort());
  });

  it.each(ROLES)(
    '%s gets exactly what the table says on every protected field',
    async (role) => {
      const mismatches: string[] = [];
      for (const probe of all) {
        for (const purpose of purposes) {
          const allowed = probe.hops.every((hop) => expectedAllowed(hop, role, purpose));
          const { status, body } = await hub.query(probe.document, {
            token: tokens[role],
            purpose: purpose.reference ? `${purpose.code}:${purpose.reference}` : purpose.code,
          });
          const denied = codes(body).includes(UNAUTHORIZED) || status === 403;
          if (allowed === denied) {
            mismatches.push(
              `${probe.coordinate} (${purpose.code}): expected ${allowed ? 'allowed' : 'denied'}, got ${status} ${JSON.stringify(body.errors?.[0] ?? null)}`,
            );
          }
        }
      }
      expect(mismatches).toEqual([]);
    },
    120_000,
  );
});

describe('bypass attempts', () => {
  const analyst = () => tokens.bureau_analyst ?? '';

  it('an alias does not hide a field; the error names the alias and list index', async () => {
    const { status, body } = await hub.query(
      '{ p: persons(first: 2) { edges { node { name: fullName id_no: nationalId } } } }',
      { token: analyst() },
    );
    expect(status).toBe(200);
    const errors = (body.errors ?? []).filter((e) => e.extensions?.code === UNAUTHORIZED);
    expect(errors.map((e) => e.path)).toEqual([
      ['p', 'edges', 0, 'node', 'id_no'],
      ['p', 'edges', 1, 'node', 'id_no'],
    ]);
    const nodes = (body.data as { p: { edges: { node: Record<string, unknown> }[] } }).p.edges;
    expect(
      nodes.every((edge) => edge.node.id_no === null && typeof edge.node.name === 'string'),
    ).toBe(true);
  });

  it('named fragments, inline fragments and nested paths are all checked', async () => {
    const query = /* GraphQL */ `
      query Nested {
        cases(first: 1) {
          edges {
            node {
              suspects {
                person {
                  ...Identity
                  ... on Person {
                    dob: dateOfBirth
                  }
                }
              }
            }
          }
        }
      }
      fragment Identity on Person {
        fullName
        nationalId
      }
    `;
    const { body } = await hub.query(query, { token: analyst() });
    const coordinates = new Set(
      (body.errors ?? []).map((e) => String(e.message).replace(/.*: /, '')),
    );
    expect(coordinates).toEqual(new Set(['Person.nationalId', 'Person.dateOfBirth']));
  });

  it('@include with a variable cannot smuggle a field past the check', async () => {
    const query =
      'query($show: Boolean!) { persons(first: 1) { edges { node { fullName nationalId @include(if: $show) } } } }';
    const hidden = await hub.query(query, { token: analyst(), variables: { show: false } });
    expect(codes(hidden.body)).toEqual([]);
    const shown = await hub.query(query, { token: analyst(), variables: { show: true } });
    expect(codes(shown.body)).toEqual([UNAUTHORIZED]);
  });

  it('an operation with nothing left is refused with 403 and no data', async () => {
    const { status, body } = await hub.query('{ accessLog(first: 1) { totalCount } }', {
      token: analyst(),
    });
    expect(status).toBe(403);
    expect(body.data ?? null).toBeNull();
    expect(codes(body)).toEqual([UNAUTHORIZED]);
  });

  it('no subgraph is asked for a removed field (its own check never fires)', async () => {
    // The narcotics subgraph would answer a forbidden field with its own error; the gateway's
    // error is the only one, so the field never travelled.
    const listed = await hub.query<{ persons: { edges: { node: { id: string } }[] } }>(
      '{ persons(first: 1) { edges { node { id } } } }',
      { token: analyst() },
    );
    const id = listed.body.data?.persons.edges[0]?.node.id;
    expect(id).toEqual(expect.any(String));
    const { body } = await hub.query<{ person: { fullName: string | null } | null }>(
      'query($id: ID!) { person(id: $id) { fullName nationalId } }',
      { token: analyst(), variables: { id } },
    );
    expect(body.data?.person?.fullName).toEqual(expect.any(String));
    expect(body.errors).toHaveLength(1);
    expect(body.errors?.[0]?.path).toEqual(['person', 'nationalId']);
  });

  it('subgraphs refuse an expired internal context signed with the real key', async () => {
    const { contextPrivateKey } = await gatewayKeys(hub.config);
    const { status, body } = await postToSubgraph(
      {
        url: hub.subgraphUrls.narcotics ?? '',
        audience: 'narcotics',
        key: contextPrivateKey,
        at: Date.now() - 120_000,
        context: {
          principal: {
            sub: 'x',
            agency: 'GS-NB',
            province: 'GS',
            roles: ['auditor'],
            scopes: ['pii:read', 'narcotics:read'],
          },
          requestId: 'expired-request',
        },
      },
      { query: '{ persons(first: 1) { edges { node { nationalId } } } }' },
    );
    expect(status).toBe(401);
    expect(codes(body)).toEqual(['UNAUTHENTICATED']);
  });

  it('a subgraph re-checks the directives itself when the gateway is bypassed with a valid context', async () => {
    const { contextPrivateKey } = await gatewayKeys(hub.config);
    const { body } = await postToSubgraph(
      {
        url: hub.subgraphUrls.narcotics ?? '',
        audience: 'narcotics',
        key: contextPrivateKey,
        databaseKey: (await databaseContextKeys(hub.config, 'narcotics')).current,
        context: {
          principal: {
            sub: 'x',
            agency: 'GS-NB',
            province: 'GS',
            roles: ['bureau_analyst'],
            scopes: scopesForRoles(['bureau_analyst']),
          },
          requestId: 'direct-1',
        },
      },
      { query: '{ persons(first: 1) { edges { node { fullName nationalId } } } }' },
    );
    expect(codes(body)).toEqual([UNAUTHORIZED]);
    expect(JSON.stringify(body.data)).not.toMatch(/\d{17}[\dX]/);
  });
});

describe('nothing protected is served without the access layer', () => {
  it('@apollo/gateway alone refuses the committed supergraph (for: SECURITY)', async () => {
    const gateway = new ApolloGateway({ supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8') });
    await expect(gateway.load()).rejects.toThrow(
      /UNSUPPORTED_LINKED_FEATURE|is for: SECURITY but is unsupported/,
    );
  });

  it('the access layer indexes every authorization directive the supergraph carries', () => {
    const sdl = readFileSync(SUPERGRAPH_PATH, 'utf8');
    const uses = sdl
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('directive '))
      .join('\n');
    const declared = (uses.match(/@(requiresScopes|authenticated|policy)\b/g) ?? []).length;
    const directivesInIndex = [...index.values()].reduce(
      (n, rule) =>
        n +
        (rule.authenticated ? 1 : 0) +
        (rule.scopes.length ? 1 : 0) +
        (rule.policies.length ? 1 : 0),
      0,
    );
    expect(directivesInIndex).toBe(declared);
  });
});
