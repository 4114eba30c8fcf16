/**
 * Declared access rules (juvenile:read, pii:read, the judicial writes, what weighs every record)
 * as the subgraph re-checks them, what it adds to Person, and the cost of a query.
 */
import { Kind, parse } from 'graphql';

import { sqlQueries } from '../../platform/metrics.js';
import { withAdmin } from '../../test/support/database.js';
import {
  startTestSubgraph,
  type CallerOptions,
  type TestSubgraph,
} from '../../test/support/subgraph.js';
import { externalId } from '../kit/index.js';

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
      record {
        id
        sealed
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
         offence: "x", offenceDate: "2025-01-01" }) { record { id } } }`,
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

describe('juvenile writes (judicial acts)', () => {
  const WRITER_WITHOUT_WRITE: CallerOptions = {
    ...JUDICIAL,
    scopes: ['juvenile:read', 'juvenile:sealed', 'narcotics:read', 'pii:read'],
  };
  const WRITER_WITHOUT_READ: CallerOptions = { ...INVESTIGATION, scopes: ['juvenile:write'] };
  const DISPOSITION = /* GraphQL */ `
    mutation ($input: RecordDispositionInput!) {
      recordDisposition(input: $input) {
        record {
          id
        }
      }
    }
  `;
  const REFER = /* GraphQL */ `
    mutation ($input: ReferToWelfareInput!) {
      referToWelfare(input: $input) {
        service
      }
    }
  `;
  let person = 8100;
  let visibleRecordId: string;

  beforeAll(async () => {
    const found = await subgraph.query<{ juvenileRecords: { edges: { node: { id: string } }[] } }>(
      '{ juvenileRecords(filter: { sealed: false }, first: 1) { edges { node { id } } } }',
      INVESTIGATION,
    );
    const first = found.body.data?.juvenileRecords.edges[0]?.node.id;
    if (!first) {
      throw new Error('the seed has no unsealed record');
    }
    visibleRecordId = first;
  });

  const offenceOf = (personId: number) => ({
    personId: externalId('Person', personId),
    dateOfBirth: '2009-04-10',
    offence: 'Possession of ketamine',
    offenceDate: '2024-03-01',
    disposition: 'Fixed-term imprisonment',
    sentenceMonths: 48,
  });
  const recordsOf = (personId: number) =>
    withAdmin(subgraph.database.url, async (client) => {
      const rows = await client.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM juvenile.juvenile_records WHERE person_id = $1',
        [personId],
      );
      return rows.rows[0]?.n;
    });

  it.each([
    ['purpose INVESTIGATION', INVESTIGATION],
    ['purpose JUDICIAL without a reference', { ...JUDICIAL, purpose: { code: 'JUDICIAL' } }],
    ['no purpose', { roles: ['juvenile_officer'] }],
    ['JUDICIAL but no juvenile:write', WRITER_WITHOUT_WRITE],
    ['narcotics_investigator (JUDICIAL)', { ...JUDICIAL, roles: ['narcotics_investigator'] }],
    ['bureau_analyst (JUDICIAL)', { ...JUDICIAL, roles: ['bureau_analyst'] }],
  ] as [string, CallerOptions][])(
    'refuses an offence and a disposition with %s, writing nothing',
    async (_label, caller) => {
      const personId = (person += 1);
      const offence = await subgraph.query(RECORD_OFFENCE, {
        ...caller,
        variables: { input: offenceOf(personId) },
      });
      const disposition = await subgraph.query(DISPOSITION, {
        ...caller,
        variables: {
          input: { recordId: visibleRecordId, disposition: 'Reprimand', sentenceMonths: 0 },
        },
      });

      for (const [result, coordinate] of [
        [offence, 'Mutation.recordJuvenileOffence'],
        [disposition, 'Mutation.recordDisposition'],
      ] as const) {
        expect(result.body).toEqual({
          data: null,
          errors: [
            expect.objectContaining({
              message: `Unauthorized field or type: ${coordinate}`,
              extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' },
            }),
          ],
        });
      }
      expect(await recordsOf(personId)).toBe(0);
    },
  );

  it('records an offence for a juvenile officer with purpose JUDICIAL and a reference', async () => {
    const personId = (person += 1);
    const result = await subgraph.query<{
      recordJuvenileOffence: { record: { id: string; sealed: boolean } | null };
    }>(RECORD_OFFENCE, { ...JUDICIAL, variables: { input: offenceOf(personId) } });

    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.recordJuvenileOffence.record).toEqual({
      id: expect.any(String),
      sealed: true,
    });
    expect(await recordsOf(personId)).toBe(1);
  });

  it('refuses an offender named by a database id or the id of another type, writing nothing', async () => {
    const personId = (person += 1);
    for (const id of [String(personId), externalId('Case', personId)]) {
      const result = await subgraph.query(RECORD_OFFENCE, {
        ...JUDICIAL,
        variables: { input: { ...offenceOf(personId), personId: id } },
      });
      expect([id, result.body.errors?.[0]]).toEqual([
        id,
        expect.objectContaining({
          message: 'personId: must be the id of a Person',
          extensions: { code: 'BAD_USER_INPUT', field: 'personId' },
        }),
      ]);
    }
    expect(await recordsOf(personId)).toBe(0);
  });

  it('lets a welfare referral need juvenile:read and juvenile:write, for any purpose', async () => {
    const input = { recordId: visibleRecordId, service: 'COUNSELLING', provider: 'Centre' };
    const refused = await Promise.all(
      [WRITER_WITHOUT_WRITE, WRITER_WITHOUT_READ, ANALYST].map((caller) =>
        subgraph.query(REFER, { ...caller, variables: { input } }),
      ),
    );
    const allowed = await subgraph.query(REFER, { ...INVESTIGATION, variables: { input } });

    for (const result of refused) {
      expect(result.body.errors).toEqual([
        expect.objectContaining({
          message: 'Unauthorized field or type: Mutation.referToWelfare',
          extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' },
        }),
      ]);
    }
    expect(allowed.body).toEqual({ data: { referToWelfare: { service: 'COUNSELLING' } } });
  });
});

describe('fields that weigh every record of the person', () => {
  const WITHOUT_SEALED_SCOPE: CallerOptions = {
    ...JUDICIAL,
    scopes: ['juvenile:read', 'juvenile:write', 'narcotics:read', 'pii:read'],
  };
  const query = (selection: string) =>
    `{ juvenileRecords(filter: { sealed: false }, first: 1) { edges { node { id ${selection} } } } }`;

  it.each([
    ['sealReason', 'JuvenileRecord.sealReason'],
    ['sealHistory { reason }', 'SealChange.reason'],
    ['sealHistory { combinedSentenceMonths }', 'SealChange.combinedSentenceMonths'],
  ])(
    'refuse %s on a visible record to callers who may not read sealed ones',
    async (selection, coordinate) => {
      for (const caller of [INVESTIGATION, WITHOUT_SEALED_SCOPE]) {
        const result = await subgraph.query(query(selection), caller);
        expect(result.body.errors?.length).toBeGreaterThan(0);
        for (const error of result.body.errors ?? []) {
          expect(error).toMatchObject({
            message: `Unauthorized field or type: ${coordinate}`,
            extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' },
          });
        }
      }
      const judicial = await subgraph.query(query(selection), JUDICIAL);
      expect(judicial.body.errors).toBeUndefined();
    },
  );

  it('leave the rest of the seal history to every reader of the record', async () => {
    const result = await subgraph.query<{
      juvenileRecords: { edges: { node: { sealHistory: unknown[] } }[] };
    }>(query('sealed sealedAt sealHistory { sealed changedAt }'), INVESTIGATION);

    expect(result.body.errors).toBeUndefined();
    const [edge] = result.body.data?.juvenileRecords.edges ?? [];
    expect(edge?.node.sealHistory.length).toBeGreaterThan(0);
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

describe('the narcotics Person, as this subgraph extends it', () => {
  it('adds juvenile records only: no identity marker, nothing other callers read here', async () => {
    const sdl = await subgraph.query<{ _service: { sdl: string } }>(
      '{ _service { sdl } }',
      ANALYST,
    );

    const person = parse(sdl.body.data?._service.sdl ?? '').definitions.find(
      (definition) =>
        definition.kind === Kind.OBJECT_TYPE_DEFINITION && definition.name.value === 'Person',
    );
    const fields =
      person?.kind === Kind.OBJECT_TYPE_DEFINITION
        ? person.fields?.map((field) => field.name.value)
        : undefined;
    expect(fields).toEqual(['id', 'juvenileRecords']);
  });

  it('leaves no marker function in the database', async () => {
    const found = await withAdmin(subgraph.database.url, (client) =>
      client.query(`SELECT 1 FROM pg_proc WHERE proname = 'identity_protected'`),
    );
    expect(found.rows).toEqual([]);
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
