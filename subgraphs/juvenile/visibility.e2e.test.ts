/**
 * Sealed means invisible: a sealed record exists only for `juvenile:sealed` with purpose
 * JUDICIAL and a reference, on every path (by id, lists, counts, `_entities`, Person), and the
 * database itself refuses the row to the runtime role.
 */
import pg from 'pg';

import { seedSubgraph } from '../../hub/database.js';
import { withAdmin } from '../../test/support/database.js';
import { type GraphQLResult } from '../../test/support/hub.js';
import { runtimeClient, vouchedFor, type ContextCaller } from '../../test/support/runtime-role.js';
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
const JUDICIAL_WITHOUT_REFERENCE: CallerOptions = {
  roles: ['juvenile_officer'],
  purpose: { code: 'JUDICIAL' },
};
const WITHOUT_SEALED_SCOPE: CallerOptions = {
  ...JUDICIAL,
  scopes: ['juvenile:read', 'narcotics:read', 'pii:read'],
};

const RECORD_BY_ID = /* GraphQL */ `
  query ($id: ID!) {
    juvenileRecord(id: $id) {
      id
      sealed
      sealedAt
      sealReason
      ageAtOffence
      sealHistory {
        sealed
        reason
      }
    }
  }
`;

const ALL_RECORDS = /* GraphQL */ `
  query ($filter: JuvenileRecordFilter) {
    juvenileRecords(filter: $filter, first: 200) {
      totalCount
      edges {
        node {
          id
          sealed
        }
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`;

const ENTITIES = /* GraphQL */ `
  query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on JuvenileRecord {
        id
        sealed
      }
      ... on Person {
        id
        juvenileRecords {
          id
          sealed
        }
      }
    }
  }
`;

interface Connection {
  juvenileRecords: {
    totalCount: number;
    edges: { node: { id: string; sealed: boolean } }[];
    pageInfo: { hasNextPage: boolean };
  };
}

interface Seeded {
  /** The ids clients see of a sealed record and its offender. */
  sealedId: string;
  sealedPersonId: string;
  /** The same record's and person's database ids. */
  sealedRow: number;
  sealedPersonRow: number;
  total: number;
  unsealed: number;
}

let subgraph: TestSubgraph;
let seeded: Seeded;

beforeAll(async () => {
  subgraph = await startTestSubgraph(juvenileSubgraph, { seed: true });
  seeded = await withAdmin(subgraph.database.url, async (client) => {
    const sealed = await client.query<{ id: number; person_id: number }>(
      'SELECT id, person_id FROM juvenile.juvenile_records WHERE sealed ORDER BY id LIMIT 1',
    );
    const counts = await client.query<{ total: number; unsealed: number }>(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE NOT sealed)::int AS unsealed
         FROM juvenile.juvenile_records`,
    );
    const row = sealed.rows[0];
    const count = counts.rows[0];
    if (!row || !count) {
      throw new Error('the seed made no sealed record');
    }
    return {
      sealedId: externalId('JuvenileRecord', row.id),
      sealedPersonId: externalId('Person', row.person_id),
      sealedRow: row.id,
      sealedPersonRow: row.person_id,
      total: count.total,
      unsealed: count.unsealed,
    };
  });
});

afterAll(async () => {
  await subgraph.stop();
});

describe('a juvenile officer with purpose JUDICIAL and a reference', () => {
  it('sees a sealed record by id, with why it is sealed, and the read is audited', async () => {
    const result = await subgraph.query<{ juvenileRecord: Record<string, unknown> }>(RECORD_BY_ID, {
      ...JUDICIAL,
      variables: { id: seeded.sealedId },
    });

    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.juvenileRecord).toMatchObject({
      id: seeded.sealedId,
      sealed: true,
      sealedAt: expect.any(String),
      sealReason: expect.stringMatching(/^Sealed by law: 1[4-7] at the offence/),
      sealHistory: [{ sealed: true, reason: expect.stringMatching(/^Sealed by law/) }],
    });
    expect(result.body.extensions?.hubAccessed).toEqual(
      expect.arrayContaining([
        { type: 'JuvenileRecord', id: seeded.sealedId },
        { type: 'SealedJuvenileRecord', id: seeded.sealedId },
      ]),
    );
  });

  it.each([
    ['a column', 'offence'],
    ['a resolved field', 'sealedAt'],
    ['a list', 'welfareReferrals { service }'],
  ])('reports the sealed read when only %s is selected', async (_label, selection) => {
    const result = await subgraph.query(
      `query ($id: ID!) { juvenileRecord(id: $id) { ${selection} } }`,
      { ...JUDICIAL, variables: { id: seeded.sealedId } },
    );

    expect(result.body.extensions?.hubAccessed).toEqual([
      { type: 'JuvenileRecord', id: seeded.sealedId },
      { type: 'SealedJuvenileRecord', id: seeded.sealedId },
    ]);
  });

  it('counts and lists sealed records, through lists, _entities and Person', async () => {
    const list = await subgraph.query<Connection>(ALL_RECORDS, JUDICIAL);
    expect(list.body.data?.juvenileRecords.totalCount).toBe(seeded.total);
    expect(list.body.data?.juvenileRecords.edges.map((e) => e.node.id)).toContain(seeded.sealedId);

    const entities = await subgraph.query<{ _entities: unknown[] }>(ENTITIES, {
      ...JUDICIAL,
      variables: {
        representations: [
          { __typename: 'JuvenileRecord', id: seeded.sealedId },
          { __typename: 'Person', id: seeded.sealedPersonId },
        ],
      },
    });
    expect(entities.body.errors).toBeUndefined();
    expect(entities.body.data?._entities).toEqual([
      { id: seeded.sealedId, sealed: true },
      {
        id: seeded.sealedPersonId,
        juvenileRecords: expect.arrayContaining([{ id: seeded.sealedId, sealed: true }]),
      },
    ]);
    expect(entities.body.extensions?.hubAccessed).toEqual(
      expect.arrayContaining([
        { type: 'JuvenileRecord', id: seeded.sealedId },
        { type: 'SealedJuvenileRecord', id: seeded.sealedId },
      ]),
    );
  });

  it('finds nothing by a database id or by the id of another type', async () => {
    const { sealedRow, sealedPersonRow } = seeded;
    for (const id of [
      String(sealedRow),
      externalId('Person', sealedRow),
      externalId('Case', sealedRow),
    ]) {
      const result = await subgraph.query(RECORD_BY_ID, { ...JUDICIAL, variables: { id } });
      expect([id, result.body]).toEqual([id, { data: { juvenileRecord: null } }]);
    }
    const entities = await subgraph.query<{ _entities: unknown[] }>(ENTITIES, {
      ...JUDICIAL,
      variables: {
        representations: [
          { __typename: 'JuvenileRecord', id: String(sealedRow) },
          { __typename: 'JuvenileRecord', id: externalId('Person', sealedRow) },
          { __typename: 'Person', id: String(sealedPersonRow) },
          { __typename: 'Person', id: externalId('JuvenileRecord', sealedPersonRow) },
        ],
      },
    });
    expect(entities.body.errors).toBeUndefined();
    expect(entities.body.data?._entities).toEqual([
      null,
      null,
      { id: String(sealedPersonRow), juvenileRecords: [] },
      { id: externalId('JuvenileRecord', sealedPersonRow), juvenileRecords: [] },
    ]);
    expect(entities.body.extensions?.hubAccessed).toBeUndefined();
    const byPerson = await subgraph.query(ALL_RECORDS, {
      ...JUDICIAL,
      variables: { filter: { personId: String(sealedPersonRow) } },
    });
    expect(byPerson.body.errors?.[0]).toMatchObject({
      message: 'personId: must be the id of a Person',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });
});

describe.each([
  ['purpose INVESTIGATION', INVESTIGATION],
  ['purpose JUDICIAL without a reference', JUDICIAL_WITHOUT_REFERENCE],
  ['JUDICIAL but no juvenile:sealed scope', WITHOUT_SEALED_SCOPE],
])('a juvenile officer with %s', (_label, caller) => {
  it('gets null for a sealed record by id, exactly as for an unknown id', async () => {
    const sealed = await subgraph.query(RECORD_BY_ID, {
      ...caller,
      variables: { id: seeded.sealedId },
    });
    const unknown = await subgraph.query(RECORD_BY_ID, {
      ...caller,
      variables: { id: externalId('JuvenileRecord', 999999) },
    });

    expect(sealed.status).toBe(200);
    expect(sealed.body).toEqual({ data: { juvenileRecord: null } });
    expect(sealed.body).toEqual(unknown.body);
  });

  it('finds no sealed record in lists or totals, whatever the filter', async () => {
    const all = await subgraph.query<Connection>(ALL_RECORDS, caller);
    const ids = all.body.data?.juvenileRecords.edges.map((e) => e.node.id) ?? [];
    expect(all.body.data?.juvenileRecords.totalCount).toBe(seeded.unsealed);
    expect(ids).toHaveLength(seeded.unsealed);
    expect(ids).not.toContain(seeded.sealedId);
    expect(all.body.data?.juvenileRecords.edges.every((e) => !e.node.sealed)).toBe(true);

    const onlySealed = await subgraph.query<Connection>(ALL_RECORDS, {
      ...caller,
      variables: { filter: { sealed: true } },
    });
    expect(onlySealed.body.data?.juvenileRecords).toEqual({
      totalCount: 0,
      edges: [],
      pageInfo: { hasNextPage: false },
    });

    const ofPerson = await subgraph.query<Connection>(ALL_RECORDS, {
      ...caller,
      variables: { filter: { personId: seeded.sealedPersonId } },
    });
    const personIds = ofPerson.body.data?.juvenileRecords.edges.map((e) => e.node.id);
    expect(personIds).not.toContain(seeded.sealedId);
    expect(ofPerson.body.data?.juvenileRecords.totalCount).toBe(personIds?.length);
  });

  it('pages through exactly the visible records, newest offence first', async () => {
    const PAGE = /* GraphQL */ `
      query ($after: String) {
        juvenileRecords(first: 3, after: $after) {
          edges {
            node {
              id
              offenceDate
            }
          }
          pageInfo {
            hasNextPage
            endCursor
          }
        }
      }
    `;
    type Page = {
      juvenileRecords: {
        edges: { node: { id: string; offenceDate: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    };
    const seen: { id: string; offenceDate: string }[] = [];
    let after: string | null = null;
    do {
      const page: GraphQLResult<Page> = await subgraph.query<Page>(PAGE, {
        ...caller,
        variables: { after },
      });
      const connection = page.body.data?.juvenileRecords;
      seen.push(...(connection?.edges.map((edge) => edge.node) ?? []));
      after = connection?.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
    } while (after);

    expect(seen).toHaveLength(seeded.unsealed);
    expect(new Set(seen.map((r) => r.id)).size).toBe(seeded.unsealed);
    const dates = seen.map((r) => r.offenceDate);
    expect(dates).toEqual([...dates].sort().reverse());
  });

  it('gets null through _entities and nothing through Person.juvenileRecords', async () => {
    const result = await subgraph.query<{ _entities: unknown[] }>(ENTITIES, {
      ...caller,
      variables: {
        representations: [
          { __typename: 'JuvenileRecord', id: seeded.sealedId },
          { __typename: 'JuvenileRecord', id: externalId('JuvenileRecord', 999999) },
          { __typename: 'Person', id: seeded.sealedPersonId },
        ],
      },
    });

    expect(result.body.errors).toBeUndefined();
    const [sealed, unknown, person] = result.body.data?._entities ?? [];
    expect(sealed).toBeNull();
    expect(unknown).toBeNull();
    expect(person).toMatchObject({ id: seeded.sealedPersonId });
    const records = (person as { juvenileRecords: { id: string; sealed: boolean }[] })
      .juvenileRecords;
    expect(records.map((r) => r.id)).not.toContain(seeded.sealedId);
    expect(records.every((r) => !r.sealed)).toBe(true);
    expect(JSON.stringify(result.body.extensions ?? {})).not.toContain('Sealed');
  });
});

describe('the database itself', () => {
  /** The setting of a request the gateway vouched for. */
  const vouched = (caller: ContextCaller) =>
    vouchedFor('juvenile', subgraph.databaseKey ?? Buffer.alloc(0), caller);
  const officer = { roles: ['juvenile_officer'] };
  const judicial = { code: 'JUDICIAL' as const, reference: 'COURT-2026-17' };

  async function asRuntimeRole<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = await runtimeClient(subgraph.database.url, 'juvenile');
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  async function visibleIn(client: pg.Client, settings: Record<string, string>): Promise<number[]> {
    await client.query('BEGIN');
    try {
      for (const [name, value] of Object.entries(settings)) {
        await client.query('SELECT set_config($1, $2, true)', [name, value]);
      }
      const rows = await client.query<{ id: number }>(
        'SELECT id FROM juvenile.juvenile_records WHERE id = $1',
        [seeded.sealedRow],
      );
      return rows.rows.map((row) => row.id);
    } finally {
      await client.query('ROLLBACK');
    }
  }

  it('runs the hub as a role that is neither superuser, nor owner, nor exempt from RLS', async () => {
    const role = await asRuntimeRole((client) =>
      client.query(
        `SELECT r.rolsuper, r.rolbypassrls, t.tableowner = current_user AS owner, c.relforcerowsecurity
           FROM pg_roles r, pg_tables t, pg_class c
          WHERE r.rolname = current_user AND t.schemaname = 'juvenile'
            AND t.tablename = 'juvenile_records' AND c.oid = 'juvenile.juvenile_records'::regclass`,
      ),
    );
    expect(role.rows).toEqual([
      { rolsuper: false, rolbypassrls: false, owner: false, relforcerowsecurity: true },
    ]);
  });

  it('refuses the sealed row to the runtime role unless the gateway vouched for a judicial caller', async () => {
    await asRuntimeRole(async (client) => {
      expect(await visibleIn(client, {})).toEqual([]);
      expect(
        await visibleIn(client, vouched({ ...officer, purpose: { code: 'JUDICIAL' } })),
      ).toEqual([]);
      expect(
        await visibleIn(
          client,
          vouched({ scopes: ['juvenile:read', 'juvenile:write'], purpose: judicial }),
        ),
      ).toEqual([]);
      expect(
        await visibleIn(client, vouched({ ...officer, purpose: { ...judicial, code: 'AUDIT' } })),
      ).toEqual([]);
      // The settings the policies once read, set by the session itself: nobody vouched for.
      expect(
        await visibleIn(client, {
          'hub.scopes': ' juvenile:read juvenile:sealed ',
          'hub.purpose': 'JUDICIAL',
          'hub.purpose_reference': 'COURT-2026-17',
        }),
      ).toEqual([]);
      expect(await visibleIn(client, vouched({ ...officer, purpose: judicial }))).toEqual([
        seeded.sealedRow,
      ]);
    });
  });

  it('hides the seal history of a sealed record with the record', async () => {
    const count = await asRuntimeRole(async (client) => {
      const rows = await client.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM juvenile.seal_changes WHERE record_id = $1',
        [seeded.sealedRow],
      );
      return rows.rows[0]?.n;
    });
    expect(count).toBe(0);
  });

  it('lets the runtime role neither unseal nor run the sealing law by hand', async () => {
    await asRuntimeRole(async (client) => {
      await expect(
        client.query('UPDATE juvenile.juvenile_records SET sealed = false WHERE id = $1', [
          seeded.sealedRow,
        ]),
      ).rejects.toMatchObject({ code: '42501' });
      await expect(
        client.query(`SELECT juvenile.reevaluate_sealing($1, 'by hand')`, [1]),
      ).rejects.toMatchObject({ code: '42501' });
      await expect(
        client.query('DELETE FROM juvenile.juvenile_records WHERE id = $1', [seeded.sealedRow]),
      ).rejects.toMatchObject({ code: '42501' });
    });
  });
});

describe('the demo seed', () => {
  it('holds sealed and unsealed records of offenders aged 14-17, one unsealed by a later find', async () => {
    const facts = await withAdmin(subgraph.database.url, async (client) => {
      const summary = await client.query(
        `SELECT min(age_at_offence) AS youngest, max(age_at_offence) AS oldest,
                bool_and(person_id BETWEEN 1 AND 300) AS demo_persons,
                bool_and(case_id IS NULL OR case_id BETWEEN 1 AND 60) AS demo_cases
           FROM juvenile.juvenile_records`,
      );
      const overLimit = await client.query(
        `SELECT r.person_id, bool_or(r.sealed) AS any_sealed,
                bool_or(EXISTS (SELECT 1 FROM juvenile.seal_changes c
                                 WHERE c.record_id = r.id AND c.sealed)) AS once_sealed
           FROM juvenile.juvenile_records r
          GROUP BY r.person_id HAVING sum(r.sentence_months) > 60`,
      );
      return { summary: summary.rows[0], overLimit: overLimit.rows };
    });

    expect(facts.summary).toEqual({
      youngest: 14,
      oldest: 17,
      demo_persons: true,
      demo_cases: true,
    });
    expect(seeded.total - seeded.unsealed).toBeGreaterThanOrEqual(5);
    expect(facts.overLimit.length).toBeGreaterThanOrEqual(1);
    expect(facts.overLimit.every((person) => !person.any_sealed)).toBe(true);
    expect(facts.overLimit.some((person) => person.once_sealed)).toBe(true);
  });

  it('leaves existing records alone when run again', async () => {
    expect(await seedSubgraph(juvenileSubgraph, subgraph.database.url, 'demo')).toEqual({});
  });
});
