/**
 * Declared access rules (juvenile:read, pii:read) as the subgraph re-checks them, the
 * identity-protection marker the narcotics subgraph masks by, and the cost of a query.
 */
import { sqlQueries } from '../../platform/metrics.js';
import {
  startTestSubgraph,
  type CallerOptions,
  type TestSubgraph,
} from '../../test/support/subgraph.js';

import { juvenileSubgraph } from './index.js';

const JUDICIAL: CallerOptions = {
  roles: ['juvenile_officer'],
  purpose: { code: 'JUDICIAL', reference: 'COURT-2026-17' },
};
const INVESTIGATION: CallerOptions = {
  roles: ['juvenile_officer'],
  purpose: { code: 'INVESTIGATION', reference: 'ND-2026-0001' },
};
const ANALYST: CallerOptions = { roles: ['bureau_analyst'], purpose: { code: 'ANALYSIS' } };
const INVESTIGATOR: CallerOptions = {
  roles: ['narcotics_investigator'],
  purpose: { code: 'INVESTIGATION', reference: 'ND-2026-0001' },
};

const RECORD_OFFENCE = /* GraphQL */ `
  mutation ($input: RecordJuvenileOffenceInput!) {
    recordJuvenileOffence(input: $input) {
      id
      sealed
    }
  }
`;
const MARKERS = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Person {
        identityProtected
      }
    }
  }
`;

let subgraph: TestSubgraph;

beforeAll(async () => {
  subgraph = await startTestSubgraph(juvenileSubgraph, { seed: true });
});

afterAll(async () => {
  await subgraph.stop();
});

async function record(personId: number, input: Record<string, unknown>): Promise<void> {
  const result = await subgraph.query(RECORD_OFFENCE, {
    ...JUDICIAL,
    variables: {
      input: {
        personId: String(personId),
        offence: 'Possession of methamphetamine',
        disposition: 'Fixed-term imprisonment',
        ...input,
      },
    },
  });
  expect(result.body.errors).toBeUndefined();
}

describe('callers without juvenile:read', () => {
  const refused = [
    ['Query.juvenileRecords', '{ juvenileRecords { totalCount } }'],
    ['Query.juvenileRecord', '{ juvenileRecord(id: "1") { id } }'],
    [
      'Person.juvenileRecords',
      '{ _entities(representations: [{ __typename: "Person", id: "1" }]) { ... on Person { juvenileRecords { id } } } }',
    ],
    [
      'Mutation.recordJuvenileOffence',
      `mutation { recordJuvenileOffence(input: { personId: "1", dateOfBirth: "2010-01-01",
         offence: "x", offenceDate: "2025-01-01" }) { id } }`,
    ],
  ];

  it.each(
    refused.flatMap(([coordinate, query]) => [
      ['bureau_analyst', coordinate, query, ANALYST],
      ['narcotics_investigator', coordinate, query, INVESTIGATOR],
    ]) as [string, string, string, CallerOptions][],
  )('%s gets UNAUTHORIZED_FIELD_OR_TYPE on %s', async (_role, coordinate, query, caller) => {
    const result = await subgraph.query(query, caller);

    expect(result.body.errors).toEqual([
      expect.objectContaining({
        message: `Unauthorized field or type: ${coordinate}`,
        extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' },
      }),
    ]);
    expect(result.body.extensions?.hubAccessed).toBeUndefined();
  });

  it('gets UNAUTHORIZED_FIELD_OR_TYPE on JuvenileRecord through _entities too', async () => {
    const result = await subgraph.query(
      '{ _entities(representations: [{ __typename: "JuvenileRecord", id: "1" }]) { ... on JuvenileRecord { id } } }',
      ANALYST,
    );

    expect(result.body.errors).toEqual([
      expect.objectContaining({
        message: 'Unauthorized field or type: JuvenileRecord',
        extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' },
      }),
    ]);
    expect(result.body.extensions?.hubAccessed).toBeUndefined();
  });
});

describe('guardian contact', () => {
  it('needs pii:read on top of juvenile:read', async () => {
    const query =
      '{ juvenileRecords(first: 1) { edges { node { guardianName guardianContact } } } }';
    const withoutPii = { ...INVESTIGATION, scopes: ['juvenile:read', 'juvenile:sealed'] };

    const refused = await subgraph.query<{
      juvenileRecords: { edges: { node: Record<string, unknown> }[] } | null;
    }>(query, withoutPii);
    const allowed = await subgraph.query(query, INVESTIGATION);

    expect(refused.body.errors).toEqual([
      expect.objectContaining({
        message: 'Unauthorized field or type: JuvenileRecord.guardianContact',
        extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' },
      }),
    ]);
    expect(allowed.body.errors).toBeUndefined();
  });
});

describe('the identity-protection marker (Person.identityProtected)', () => {
  const SEALED_ADULT = 8001;
  const UNSEALED_ADULT = 8002;
  const UNSEALED_MINOR = 8003;
  const NO_RECORD = 8004;

  beforeAll(async () => {
    await record(SEALED_ADULT, {
      dateOfBirth: '2000-01-15',
      offenceDate: '2016-06-01',
      sentenceMonths: 12,
    });
    for (const offenceDate of ['2015-05-01', '2016-05-01']) {
      await record(UNSEALED_ADULT, { dateOfBirth: '2000-02-15', offenceDate, sentenceMonths: 36 });
    }
    for (const offenceDate of ['2025-04-01', '2026-04-01']) {
      await record(UNSEALED_MINOR, { dateOfBirth: '2011-03-01', offenceDate, sentenceMonths: 36 });
    }
  });

  it.each([
    ['bureau_analyst', ANALYST],
    ['juvenile_officer (INVESTIGATION)', INVESTIGATION],
    ['juvenile_officer (JUDICIAL)', JUDICIAL],
  ])('answers the same bit, and nothing else, to %s', async (_label, caller) => {
    const ids = [SEALED_ADULT, UNSEALED_ADULT, UNSEALED_MINOR, NO_RECORD, 'not-a-number'];
    const result = await subgraph.query(MARKERS, {
      ...caller,
      variables: { representations: ids.map((id) => ({ __typename: 'Person', id: String(id) })) },
    });

    expect(result.body).toEqual({
      data: {
        _entities: [
          { identityProtected: true },
          { identityProtected: false },
          { identityProtected: true },
          { identityProtected: false },
          { identityProtected: false },
        ],
      },
    });
  });

  it('is true for a person whose only record is sealed, which the caller cannot see', async () => {
    const records = await subgraph.query<{ juvenileRecords: { totalCount: number } }>(
      `{ juvenileRecords(filter: { personId: "${SEALED_ADULT}" }) { totalCount } }`,
      INVESTIGATION,
    );
    const marker = await subgraph.query(MARKERS, {
      ...INVESTIGATION,
      variables: { representations: [{ __typename: 'Person', id: String(SEALED_ADULT) }] },
    });

    expect(records.body.data?.juvenileRecords.totalCount).toBe(0);
    expect(marker.body.data).toEqual({ _entities: [{ identityProtected: true }] });
  });

  it('is hidden from the public API (@inaccessible) and carries no access rule', async () => {
    const sdl = await subgraph.query<{ _service: { sdl: string } }>(
      '{ _service { sdl } }',
      ANALYST,
    );

    expect(sdl.body.data?._service.sdl).toMatch(/identityProtected: Boolean! @inaccessible\n/);
  });
});

describe('statements per request', () => {
  async function statementsFor(query: string): Promise<number> {
    const count = async () =>
      (await sqlQueries.get()).values.find((value) => value.labels.subgraph === 'juvenile')
        ?.value ?? 0;
    const before = await count();
    const result = await subgraph.query(query, JUDICIAL);
    expect(result.body.errors).toBeUndefined();
    return (await count()) - before;
  }

  const nested = (first: number) => /* GraphQL */ `{
    juvenileRecords(first: ${first}) {
      totalCount
      edges { node {
        id sealed sealedAt
        person { id identityProtected juvenileRecords { id sealHistory { reason } } }
        sealHistory { reason }
        welfareReferrals { service }
      } }
    }
  }`;

  it('do not grow with the rows returned', async () => {
    const few = await statementsFor(nested(2));
    const many = await statementsFor(nested(60));

    expect(many).toBe(few);
    expect(many).toBeLessThanOrEqual(10);
  });
});
