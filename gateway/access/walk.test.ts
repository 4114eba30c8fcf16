/* The operation walk (pruning and measuring) and re-filling, on a small schema executed for real with graphql-js. */
import {
  buildSchema,
  execute,
  getVariableValues,
  Kind,
  parse,
  print,
  type OperationDefinitionNode,
} from 'graphql';

import type { AccessRule, Principal, Purpose } from '../../schema/access.js';

import { applyRemovals } from './apply.js';
import { OperationLimitExceeded } from './limits.js';
import { walkOperation } from './walk.js';

const schema = buildSchema(/* GraphQL */ `
  interface Node {
    id: ID!
  }
  type Person implements Node {
    id: ID!
    fullName: String!
    nationalId: String
    dateOfBirth: String!
    records: [Record!]
  }
  type Case implements Node {
    id: ID!
    title: String!
    suspects: [Person!]!
    secretNote: String
  }
  type Record {
    id: ID!
    sealed: Boolean!
  }
  union SearchResult = Person | Case
  type PersonEdge {
    node: Person!
  }
  type PersonConnection {
    edges: [PersonEdge!]!
  }
  type Query {
    persons(first: Int): PersonConnection!
    cases: [Case!]!
    case: Case
    person: Person
    node: Node
    search: [SearchResult!]!
    record: Record
  }
`);

const scopes = (...s: string[]): AccessRule => ({
  authenticated: false,
  scopes: [s],
  policies: [],
});
const index = new Map<string, AccessRule>([
  ['Person.nationalId', scopes('pii:read')],
  ['Person.dateOfBirth', scopes('pii:read')],
  ['Case.secretNote', { authenticated: false, scopes: [], policies: [['purpose.judicial']] }],
  ['Record', scopes('juvenile:read')],
]);

const analyst: Principal = {
  sub: 'a',
  agency: 'A',
  province: 'P',
  roles: ['bureau_analyst'],
  scopes: ['narcotics:read'],
};
const person = (id: string) => ({
  __typename: 'Person',
  id,
  fullName: `P${id}`,
  nationalId: `N${id}`,
  dateOfBirth: '2009-01-01',
  records: [],
});
const rootValue = {
  cases: [
    { id: '1', title: 'one', secretNote: 's1', suspects: [person('1'), person('2')] },
    { id: '2', title: 'two', secretNote: 's2', suspects: [person('3')] },
  ],
  case: { id: '1', title: 'one', secretNote: 's', suspects: [person('1')] },
  person: person('9'),
  node: person('8'),
  search: [person('5'), { __typename: 'Case', id: '6', title: 't', suspects: [], secretNote: 'x' }],
  record: { id: 'r', sealed: true },
  persons: { edges: [{ node: person('7') }] },
};

async function run(
  query: string,
  variables: Record<string, unknown> = {},
  purpose?: Purpose,
  principal = analyst,
) {
  const document = parse(query);
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (!operation) {
    throw new Error('no operation');
  }
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) {
    throw coerced.errors[0];
  }
  const pruned = walkOperation({
    schema,
    document,
    operation,
    variables: coerced.coerced,
    index,
    principal,
    purpose,
  });
  const result = await execute({
    schema,
    document: pruned.document,
    rootValue,
    variableValues: variables,
  });
  expect(result.errors).toBeUndefined();
  return { pruned, ...applyRemovals(result.data as Record<string, unknown>, pruned.removals) };
}

const codes = (errors: { path?: readonly (string | number)[] }[]) =>
  errors.map((e) => e.path?.join('.'));

describe('walkOperation + applyRemovals', () => {
  it('leaves an allowed operation untouched', async () => {
    const { pruned, data, errors } = await run('{ cases { id title suspects { fullName } } }');
    expect(pruned.removals).toEqual([]);
    expect(errors).toEqual([]);
    expect(data).toEqual({
      cases: [
        { id: '1', title: 'one', suspects: [{ fullName: 'P1' }, { fullName: 'P2' }] },
        { id: '2', title: 'two', suspects: [{ fullName: 'P3' }] },
      ],
    });
  });

  it('nulls a nullable field by alias, with list indices, one error each', async () => {
    const { data, errors, pruned } = await run(
      '{ cases { suspects { name: fullName nid: nationalId } } }',
    );
    expect(print(pruned.document)).not.toContain('nationalId');
    expect(data).toEqual({
      cases: [
        {
          suspects: [
            { name: 'P1', nid: null },
            { name: 'P2', nid: null },
          ],
        },
        { suspects: [{ name: 'P3', nid: null }] },
      ],
    });
    expect(codes(errors)).toEqual([
      'cases.0.suspects.0.nid',
      'cases.0.suspects.1.nid',
      'cases.1.suspects.0.nid',
    ]);
    expect(errors[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
  });

  it('a removed non-null field nulls its nearest nullable parent', async () => {
    const { data, errors } = await run('{ person { fullName dateOfBirth } case { title } }');
    expect(data).toEqual({ person: null, case: { title: 'one' } });
    expect(codes(errors)).toEqual(['person.dateOfBirth']);
  });

  it('propagates through non-null list items up to the nearest nullable field', async () => {
    // cases: [Case!]! → suspects: [Person!]! → dateOfBirth: String! — nothing nullable until data.
    const { data, errors } = await run(
      '{ cases { suspects { dateOfBirth } } person { fullName } }',
    );
    expect(data).toBeNull();
    expect(errors.length).toBe(3);
  });

  it('checks fields inside fragments, inline fragments on interfaces and unions', async () => {
    const query = /* GraphQL */ `
      query {
        node {
          id
          ...P
        }
        search {
          ... on Person {
            fullName
            nationalId
          }
          ... on Case {
            title
          }
        }
      }
      fragment P on Person {
        nationalId
        fullName
      }
    `;
    const { data, errors } = await run(query);
    expect(data).toEqual({
      node: { id: '8', nationalId: null, fullName: 'P8' },
      search: [{ fullName: 'P5', nationalId: null }, { title: 't' }],
    });
    expect(codes(errors).sort()).toEqual(['node.nationalId', 'search.0.nationalId']);
  });

  it('honours @include/@skip with variables', async () => {
    const query =
      'query($withId: Boolean!) { person { fullName nationalId @include(if: $withId) } }';
    expect((await run(query, { withId: false })).errors).toEqual([]);
    const included = await run(query, { withId: true });
    expect(codes(included.errors)).toEqual(['person.nationalId']);
  });

  it('applies named policies with the purpose', async () => {
    expect(codes((await run('{ case { secretNote } }')).errors)).toEqual(['case.secretNote']);
    const judicial = await run(
      '{ case { secretNote } }',
      {},
      { code: 'JUDICIAL', reference: 'CO-1' },
    );
    expect(judicial.errors).toEqual([]);
    expect(judicial.data).toEqual({ case: { secretNote: 's' } });
  });

  it('removes fields returning a restricted type and keeps the document valid', async () => {
    const { data, errors, pruned } = await run('{ record { id sealed } }');
    expect(print(pruned.document)).not.toContain('sealed');
    expect(data).toEqual({ record: null });
    expect(codes(errors)).toEqual(['record']);
    expect(pruned.requested).toContain('Record');
  });

  it('lets the right principal see everything', async () => {
    const officer = { ...analyst, scopes: ['pii:read', 'juvenile:read'] };
    const { errors, data } = await run(
      '{ person { nationalId dateOfBirth } record { sealed } }',
      {},
      undefined,
      officer,
    );
    expect(errors).toEqual([]);
    expect(data).toEqual({
      person: { nationalId: 'N9', dateOfBirth: '2009-01-01' },
      record: { sealed: true },
    });
  });
});

describe('variable defaults are judged like the values they stand for', () => {
  it('prunes a protected field that @include keeps by default', async () => {
    const { pruned, data, errors } = await run(
      'query($v: Boolean = true) { person { id nationalId @include(if: $v) } }',
    );
    expect(pruned.requested).toContain('Person.nationalId');
    expect(pruned.removals.map((r) => r.coordinate)).toEqual(['Person.nationalId']);
    expect(data).toEqual({ person: { id: '9', nationalId: null } });
    expect(codes(errors)).toEqual(['person.nationalId']);
  });

  it('prunes a protected field that @skip keeps by default', async () => {
    const { pruned } = await run(
      'query($v: Boolean = false) { person { id nationalId @skip(if: $v) } }',
    );
    expect(pruned.removals.map((r) => r.coordinate)).toEqual(['Person.nationalId']);
  });

  it('leaves out what a default skips, for pruning and measuring alike', async () => {
    const { pruned } = await run(
      'query($v: Boolean = true) { person { id nationalId @skip(if: $v) } }',
    );
    expect(pruned.requested).toEqual([]);
    expect(pruned.removals).toEqual([]);
    expect(pruned.measure.cost).toBe(2);
  });

  it('measures a page size given by a default exactly like the literal', async () => {
    const literal = await run('{ persons(first: 200) { edges { node { id fullName } } } }');
    const byDefault = await run(
      'query($n: Int = 200) { persons(first: $n) { edges { node { id fullName } } } }',
    );
    const byVariable = await run(
      'query($n: Int) { persons(first: $n) { edges { node { id fullName } } } }',
      { n: 200 },
    );
    // persons 1 + edges 1 + node 200 + two fields 400: the page size counts once, not twice.
    expect(literal.pruned.measure.cost).toBe(602);
    expect(byDefault.pruned.measure).toEqual(literal.pruned.measure);
    expect(byVariable.pruned.measure).toEqual(literal.pruned.measure);
  });

  it('measures a denied subtree too: a caller cannot hide size behind a refusal', async () => {
    const { pruned } = await run('{ record { id sealed } }');
    expect(pruned.removals.map((r) => r.coordinate)).toEqual(['Record']);
    expect(pruned.measure.cost).toBe(3);
  });
});

describe('the walk is bounded by the limits, not by what the fragments expand to', () => {
  const limits = {
    maxDepth: 15,
    maxAliases: 30,
    maxRootFields: 10,
    maxDocumentBytes: 20_000,
    maxCost: 100_000,
    maxFields: 2_000,
  };
  /** 2^levels copies of `leaf` once expanded, in a few hundred bytes. */
  const bomb = (root: string, on: string, levels: number, leaf: string) =>
    parse(
      `query { ${root} } ` +
        Array.from(
          { length: levels },
          (_, i) => `fragment F${i} on ${on} { ...F${i + 1} ...F${i + 1} } `,
        ).join('') +
        `fragment F${levels} on ${on} { ${leaf} }`,
    );

  it.each([
    ['at the root', bomb('...F0', 'Query', 60, 'case { id }'), /root fields/],
    ['under an object', bomb('case { ...F0 }', 'Case', 60, 'id'), /more than 2000 fields/],
    ['under a list', bomb('cases { ...F0 }', 'Case', 60, 'title'), /more than 2000 fields|cost/],
    [
      'in a removed subtree',
      bomb('record { ...F0 }', 'Record', 60, 'id sealed'),
      /more than 2000 fields/,
    ],
  ])('refuses a fragment bomb %s part-way through (2^60 if expanded)', (_where, document, why) => {
    const operation = document.definitions[0] as OperationDefinitionNode;
    const walk = () =>
      walkOperation({
        schema,
        document,
        operation,
        variables: {},
        index,
        principal: analyst,
        limits,
      });
    expect(walk).toThrow(OperationLimitExceeded);
    expect(walk).toThrow(why);
  });

  it('walks an ordinary operation within the limits to the end', () => {
    const document = parse('{ cases { id title suspects { id fullName } } case { id } }');
    const walked = walkOperation({
      schema,
      document,
      operation: document.definitions[0] as OperationDefinitionNode,
      variables: {},
      index,
      principal: analyst,
      limits,
    });
    expect(walked.measure).toMatchObject({ rootFields: 2, fields: 8 });
  });
});
