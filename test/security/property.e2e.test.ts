/*
 * Property-based attack on the running gateway (fast-check): generated operations (aliases,
 * fragments, @include/@skip with variables and defaults, mutations), generated variables (NUL,
 * lone surrogates, huge strings, deep objects, undeclared extras) and generated headers (any
 * role or a bad token, any purpose or garbage, any request id). For every request:
 * - no 5xx (the audit store is up, so not even AUDIT_UNAVAILABLE);
 * - exactly one final audit record, and a write-ahead record before every mutation that ran;
 * - no protected value the caller may not see, in data or in error texts.
 */
import fc from 'fast-check';

import { externalId } from '../../subgraphs/kit/index.js';
import { withAdmin } from '../support/database.js';
import { postText, startTestHub, type TestHub } from '../support/hub.js';

let hub: TestHub;
const tokens: Record<string, string> = {};

const ROLES = [
  'bureau_analyst',
  'narcotics_investigator',
  'cyber_analyst',
  'juvenile_officer',
  'auditor',
] as const;

/** Seeded rows the generated ids name (the mutations take a case id or a person id). */
const ROWS = [
  ['Case', 1],
  ['Case', 2],
  ['Person', 1],
  ['Person', 2],
] as const;

beforeAll(async () => {
  hub = await startTestHub({ seed: true });
  for (const role of ROLES) {
    tokens[role] = await hub.token({ roles: [role], sub: `prop-${role}` });
  }
  // The generated ids name real rows.
  const found = await withAdmin(hub.databases.narcotics ?? '', async (client) => ({
    Case: (await client.query('SELECT id FROM narcotics.cases WHERE id IN (1, 2)')).rowCount,
    Person: (await client.query('SELECT id FROM narcotics.persons WHERE id IN (1, 2)')).rowCount,
  }));
  expect(found).toEqual({ Case: 2, Person: 2 });
}, 120_000);
afterAll(() => hub?.stop());

/** Selections that reach protected data from several roots. */
const PERSON =
  'id fullName nationalId dateOfBirth identityMasked juvenileRecords { id sealed guardianContact }';
const ROOTS = [
  `persons(first: $n, search: $s) { totalCount edges { node { ${PERSON} } } }`,
  `cases(first: $n) { edges { node { id caseNumber restricted suspects { role person { ${PERSON} } } chatRooms { id title } } } }`,
  `juvenileRecords(first: $n) { totalCount edges { node { id sealed sealReason offence guardianContact person { ${PERSON} } } } }`,
  'chatRooms(first: $n) { edges { node { id title handles { handle person { fullName nationalId } } } } }',
  'accessLog(first: $n) { edges { node { id operationName variables principal { sub } } } }',
  'seizureTotals { drugType totalGrams }',
  '__typename',
];
const MUTATIONS = [
  'updateCaseStatus(input: { caseId: $id, status: CLOSED }) { id status }',
  'recordJuvenileOffence(input: { personId: $id, dateOfBirth: "2010-01-01", offence: $s, offenceDate: "2025-01-01" }) { record { id sealed } }',
  'pushRoomIntel(items: []) { accepted rejected }',
];

const nasty = fc.oneof(
  fc.constantFrom('\u0000', 'a\u0000b', '\ud800', '\udfff x', 'x'.repeat(20_000), 'Zhang', ''),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 40 }),
);
const deep = fc.integer({ min: 1, max: 60 }).map((depth) => {
  let value: unknown = '\u0000';
  for (let i = 0; i < depth; i += 1) {
    value = { nested: value };
  }
  return value;
});
const headerText = fc.string({
  unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ:-_ ./0123456789'),
  maxLength: 30,
});

const operation = fc.record({
  mutation: fc.boolean(),
  root: fc.nat({ max: 100 }),
  alias: fc.option(fc.constantFrom('a', 'b', 'x_1'), { nil: undefined }),
  fragment: fc.boolean(),
  directive: fc.constantFrom('', '@include(if: $v)', '@skip(if: $v)'),
  defaultV: fc.option(fc.boolean(), { nil: undefined }),
  defaultN: fc.option(fc.integer({ min: -1, max: 300 }), { nil: undefined }),
  name: fc.oneof(
    { arbitrary: fc.constantFrom(undefined, 'Probe'), weight: 8 },
    { arbitrary: nasty, weight: 1 },
  ),
});

type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

function documentOf(op: Operation): string {
  const roots = op.mutation ? MUTATIONS : ROOTS;
  const field = roots[op.root % roots.length] ?? '__typename';
  const aliased = op.alias ? `${op.alias}: ${field}` : field;
  const selection = op.directive ? `... ${op.directive} { ${aliased} }` : aliased;
  const type = op.mutation ? 'Mutation' : 'Query';
  const variableDefinitions = [
    `$v: Boolean${op.defaultV === undefined ? '' : ` = ${op.defaultV}`}`,
    `$n: Int${op.defaultN === undefined ? '' : ` = ${op.defaultN}`}`,
    '$s: String!',
    '$id: ID!',
  ];
  const used = variableDefinitions.filter((definition) => {
    const name = definition.slice(1, definition.indexOf(':'));
    return new RegExp(`\\$${name}\\b`).test(selection);
  });
  const header = `${op.mutation ? 'mutation' : 'query'} Probe${used.length ? `(${used.join(', ')})` : ''}`;
  const body = op.fragment ? `...F` : selection;
  const fragment = op.fragment ? `\nfragment F on ${type} { ${selection} }` : '';
  return `${header} { ${body} }${fragment}`;
}

const request = fc.record({
  op: operation,
  role: fc.oneof(
    { arbitrary: fc.constantFrom(...ROLES), weight: 8 },
    { arbitrary: fc.constantFrom('none', 'garbage'), weight: 1 },
  ),
  purpose: fc.oneof(
    { arbitrary: fc.constantFrom('INVESTIGATION', 'JUDICIAL:court-7', 'AUDIT'), weight: 8 },
    { arbitrary: fc.constantFrom(undefined, 'JUDICIAL'), weight: 1 },
    { arbitrary: headerText, weight: 1 },
  ),
  requestId: fc.option(headerText, { nil: undefined }),
  variables: fc.record(
    {
      v: fc.oneof({ arbitrary: fc.boolean(), weight: 8 }, { arbitrary: nasty, weight: 1 }),
      n: fc.oneof(
        { arbitrary: fc.integer({ min: 0, max: 50 }), weight: 8 },
        { arbitrary: fc.oneof(fc.integer({ min: -5, max: 400 }), nasty), weight: 1 },
      ),
      s: nasty,
      // Ids as clients see them (made when generated, once the hub has set the id key), a plain
      // integer (which names nothing now), and junk.
      id: fc.oneof(
        fc.constantFrom(...ROWS).map(([type, row]) => externalId(type, row)),
        fc.constantFrom('1', 'nope'),
        nasty,
      ),
      extra: fc.oneof(nasty, deep),
    },
    { requiredKeys: ['s', 'id'] },
  ),
});

const NATIONAL_ID = /\d{17}[\dX]/;

it('no 5xx, one record per request, nothing the caller may not see', async () => {
  const seen: { id: string; mutation: boolean; status: number }[] = [];
  await fc.assert(
    fc.asyncProperty(request, async (r) => {
      const headers: Record<string, string> = {};
      if (r.role === 'garbage') {
        headers.authorization = 'Bearer not.a.token';
      } else if (r.role !== 'none') {
        headers.authorization = `Bearer ${tokens[r.role]}`;
      }
      if (r.purpose !== undefined) {
        headers['x-purpose'] = r.purpose;
      }
      if (r.requestId !== undefined) {
        headers['x-request-id'] = r.requestId;
      }
      const body = JSON.stringify({
        query: documentOf(r.op),
        variables: r.variables,
        ...(r.op.name === undefined ? {} : { operationName: r.op.name }),
      });
      const answer = await postText(hub.gatewayUrl, body, headers);
      const text = JSON.stringify(answer.body);
      expect(answer.status).toBeLessThan(500);
      const sees = (role: string) => r.role === role;
      if (!sees('narcotics_investigator') && !sees('juvenile_officer')) {
        expect(text).not.toMatch(NATIONAL_ID);
      }
      if (!(sees('juvenile_officer') && r.purpose === 'JUDICIAL:court-7')) {
        expect(text).not.toContain('"sealed":true');
      }
      if (!sees('juvenile_officer')) {
        expect(text).not.toMatch(/"guardianContact":"/);
      }
      if (!sees('auditor')) {
        expect(text).not.toMatch(/"operationName":"/);
      }
      seen.push({
        id: answer.headers.get('x-request-id') ?? '',
        mutation: r.op.mutation,
        status: answer.status,
      });
    }),
    { numRuns: 200, seed: 20261201 },
  );
  const rows = await withAdmin(
    hub.databases.audit ?? '',
    async (client) =>
      (
        await client.query<{ request_id: string; outcome: string; operation_type: string | null }>(
          'SELECT request_id, outcome, operation_type FROM audit.access_log WHERE request_id = ANY($1) ORDER BY seq',
          [seen.map((s) => s.id)],
        )
      ).rows,
  );
  for (const { id } of seen) {
    const mine = rows.filter((row) => row.request_id === id);
    const finals = mine.filter((row) => row.outcome !== 'PENDING');
    expect(finals).toHaveLength(1);
    const pending = mine.filter((row) => row.outcome === 'PENDING');
    expect(pending.length).toBeLessThanOrEqual(1);
    if (pending.length === 1) {
      expect(mine[0]?.outcome).toBe('PENDING');
    }
    if (finals[0]?.operation_type === 'mutation' && ['OK', 'PARTIAL'].includes(finals[0].outcome)) {
      expect(pending).toHaveLength(1);
    }
  }
  const statuses = seen.reduce<Record<number, number>>(
    (counts, s) => ({ ...counts, [s.status]: (counts[s.status] ?? 0) + 1 }),
    {},
  );
  const wroteAhead = rows.filter((row) => row.outcome === 'PENDING').length;
  console.log(
    `property attack: ${seen.length} requests, statuses ${JSON.stringify(statuses)}, ${wroteAhead} mutations ran after their write-ahead record`,
  );
  expect(wroteAhead).toBeGreaterThan(0);
  expect(seen.filter((s) => s.status === 200).length).toBeGreaterThan(50);
}, 240_000);
