/**
 * What the juvenile subgraph holds of other subgraphs' records, and adds to them (DESIGN §6):
 * a record's offender and case are ids for the query planner only (the narcotics subgraph
 * resolves them), `Case.juvenileRecords` obeys the narcotics verdict (nothing for a pointer, or
 * without an explicit "not restricted") and sealing, and there is no root filter by case.
 */
import { withAdmin } from '../../test/support/database.js';
import {
  startTestSubgraph,
  type CallerOptions,
  type TestSubgraph,
} from '../../test/support/subgraph.js';
import { buildSubgraph, externalId } from '../kit/index.js';

import { juvenileSubgraph } from './index.js';

const JUDICIAL: CallerOptions = {
  roles: ['juvenile_officer'],
  purpose: { code: 'JUDICIAL', reference: 'COURT-2026-17' },
};
const INVESTIGATION: CallerOptions = {
  roles: ['juvenile_officer'],
  purpose: { code: 'INVESTIGATION', reference: 'ND-2026-0001' },
};

const ENTITIES = /* GraphQL */ `
  query ($r: [_Any!]!) {
    _entities(representations: $r) {
      ... on Case {
        id
        juvenileRecords {
          id
          sealed
          caseIdRef
        }
      }
      ... on JuvenileRecord {
        id
        personIdRef
        caseIdRef
      }
    }
  }
`;

interface Linked {
  /** A case with both a sealed and an unsealed record: the id clients see. */
  caseId: string;
  /** The same case's database id (what the planner-only caseIdRef carries). */
  caseRow: number;
  /** The ids clients see of its records. */
  sealed: string[];
  unsealed: string[];
}

const recordId = (id: number) => externalId('JuvenileRecord', id);

let subgraph: TestSubgraph;
let linked: Linked;

beforeAll(async () => {
  subgraph = await startTestSubgraph(juvenileSubgraph, { seed: true });
  linked = await withAdmin(subgraph.database.url, async (client) => {
    const { rows } = await client.query<{ case_id: number; sealed: number[]; unsealed: number[] }>(
      `SELECT case_id,
              array_agg(id ORDER BY id) FILTER (WHERE sealed) AS sealed,
              array_agg(id ORDER BY id) FILTER (WHERE NOT sealed) AS unsealed
         FROM juvenile.juvenile_records WHERE case_id IS NOT NULL
        GROUP BY case_id HAVING bool_or(sealed) AND bool_or(NOT sealed)
        ORDER BY case_id LIMIT 1`,
    );
    const row = rows[0];
    if (row) {
      return {
        caseId: externalId('Case', row.case_id),
        caseRow: row.case_id,
        sealed: row.sealed.map(recordId),
        unsealed: row.unsealed.map(recordId),
      };
    }
    // The seed happened to tie no case to both kinds: tie two records to a case of their own.
    const two = await client.query<{ id: number; sealed: boolean }>(
      `(SELECT id, sealed FROM juvenile.juvenile_records WHERE sealed ORDER BY id LIMIT 1)
       UNION ALL (SELECT id, sealed FROM juvenile.juvenile_records WHERE NOT sealed ORDER BY id LIMIT 1)`,
    );
    await client.query(`UPDATE juvenile.juvenile_records SET case_id = 424242 WHERE id = ANY($1)`, [
      two.rows.map((r) => r.id),
    ]);
    return {
      caseId: externalId('Case', 424242),
      caseRow: 424242,
      sealed: two.rows.filter((r) => r.sealed).map((r) => recordId(r.id)),
      unsealed: two.rows.filter((r) => !r.sealed).map((r) => recordId(r.id)),
    };
  });
});

afterAll(async () => {
  await subgraph?.stop();
});

describe('Case.juvenileRecords (_entities for Case)', () => {
  const cases = (restricted: unknown[]) =>
    restricted.map((value) =>
      value === undefined
        ? { __typename: 'Case', id: linked.caseId }
        : { __typename: 'Case', id: linked.caseId, restricted: value },
    );

  it("lists a case's records you may see; a judicial caller sees the sealed ones too", async () => {
    const judicial = await subgraph.query<{ _entities: { juvenileRecords: { id: string }[] }[] }>(
      ENTITIES,
      { ...JUDICIAL, variables: { r: cases([false]) } },
    );
    expect(judicial.body.errors).toBeUndefined();
    const seen = judicial.body.data?._entities[0]?.juvenileRecords.map((r) => r.id) ?? [];
    expect(seen.length).toBeGreaterThan(1);
    expect(seen).toEqual(expect.arrayContaining([...linked.sealed, ...linked.unsealed]));

    const investigation = await subgraph.query<{
      _entities: { juvenileRecords: { id: string; sealed: boolean; caseIdRef: string }[] }[];
    }>(ENTITIES, { ...INVESTIGATION, variables: { r: cases([false]) } });
    const records = investigation.body.data?._entities[0]?.juvenileRecords ?? [];
    expect(records.length).toBeGreaterThan(0);
    expect(records.map((r) => r.id)).toEqual(expect.arrayContaining(linked.unsealed));
    expect(records.some((r) => linked.sealed.includes(r.id) || r.sealed)).toBe(false);
    expect(records.every((r) => r.caseIdRef === String(linked.caseRow))).toBe(true);
  });

  it('lists nothing for a case named by its database id or by the id of another type', async () => {
    const result = await subgraph.query<{ _entities: unknown[] }>(ENTITIES, {
      ...JUDICIAL,
      variables: {
        r: [String(linked.caseRow), externalId('Person', linked.caseRow)].map((id) => ({
          __typename: 'Case',
          id,
          restricted: false,
        })),
      },
    });
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?._entities).toEqual([
      { id: String(linked.caseRow), juvenileRecords: [] },
      { id: externalId('Person', linked.caseRow), juvenileRecords: [] },
    ]);
  });

  it('shows nothing of a pointer, nor without an explicit "not restricted" (fail closed)', async () => {
    const result = await subgraph.query<{ _entities: unknown[] }>(ENTITIES, {
      ...JUDICIAL,
      variables: { r: cases([true, undefined, null, 'false', 0]) },
    });
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?._entities).toEqual(
      Array.from({ length: 5 }, () => ({ id: linked.caseId, juvenileRecords: [] })),
    );
  });

  it('needs juvenile:read', async () => {
    const result = await subgraph.query(ENTITIES, {
      roles: ['bureau_analyst'],
      variables: { r: cases([false]) },
    });
    expect(result.body.errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
    expect(JSON.stringify(result.body.data ?? null)).not.toContain(linked.unsealed[0] ?? '-');
  });
});

describe('what a record holds of other subgraphs', () => {
  it('gives the offender and case ids to the planner only (_entities for JuvenileRecord)', async () => {
    const [id] = linked.unsealed;
    const result = await subgraph.query<{ _entities: unknown[] }>(ENTITIES, {
      ...INVESTIGATION,
      variables: { r: [{ __typename: 'JuvenileRecord', id }] },
    });
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?._entities).toEqual([
      { id, personIdRef: expect.stringMatching(/^[0-9]+$/), caseIdRef: String(linked.caseRow) },
    ]);
    const { sdl } = await buildSubgraph(juvenileSubgraph);
    expect(sdl).toMatch(/personIdRef: ID! @inaccessible/);
    expect(sdl).toMatch(/caseIdRef: ID @inaccessible/);
    expect(sdl).toMatch(/juvenileRecords: \[JuvenileRecord!\]! @requires\(fields: "restricted"\)/);
    expect(sdl).not.toMatch(/^\s+(person|case)(\(.*\))?: /m);
  });

  it('has no root filter by case: records by case are asked of the case', async () => {
    const result = await subgraph.query(
      `query ($f: JuvenileRecordFilter) { juvenileRecords(filter: $f) { totalCount } }`,
      { ...JUDICIAL, variables: { f: { caseId: linked.caseId } } },
    );
    expect(result.body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/"caseId" is not defined/),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(result.body.data).toBeUndefined();
  });
});
