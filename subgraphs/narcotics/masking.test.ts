/**
 * Minors' identity (DESIGN §6): a person under 18 today, or marked by the juvenile subgraph
 * (sealed record), shows initials, `***` and no date of birth to callers without
 * `juvenile:read` — on every path, failing closed when the marker is missing.
 */
import { withAdmin } from '../../test/support/database.js';
import {
  startTestSubgraph,
  type CallerOptions,
  type TestSubgraph,
} from '../../test/support/subgraph.js';

import {
  identityOf,
  initials,
  isIdentityProtected,
  isMinorOn,
  lastAdultBirthDate,
  today,
} from './rules.js';

import { narcoticsSubgraph } from './index.js';

describe('the masking rules', () => {
  it('turns a name into initials', () => {
    expect(initials('Zhang Wei')).toBe('Z. W.');
    expect(initials('  ouyang  xiao ming ')).toBe('O. X. M.');
    expect(initials('Li')).toBe('L.');
  });

  it('counts age in whole years, 29 February included', () => {
    expect(lastAdultBirthDate('2026-11-28')).toBe('2008-11-28');
    expect(lastAdultBirthDate('2028-02-29')).toBe('2010-02-28');
    expect(lastAdultBirthDate('2026-03-01')).toBe('2008-03-01');
    expect(isMinorOn('2008-11-28', '2026-11-28')).toBe(false);
    expect(isMinorOn('2008-11-29', '2026-11-28')).toBe(true);
    expect(isMinorOn('2010-02-28', '2028-02-29')).toBe(false);
    expect(isMinorOn('2010-03-01', '2028-02-29')).toBe(true);
    expect(today(new Date('2026-11-28T23:59:59Z'))).toBe('2026-11-28');
  });

  const adult = {
    fullName: 'Zhang Wei',
    nationalId: '991000199001010011',
    dateOfBirth: '1990-01-01',
  };
  const minor = { ...adult, dateOfBirth: '2012-06-01' };
  const on = '2026-11-28';

  it('protects minors by date of birth, marked persons, and anyone whose marker is missing', () => {
    expect(isIdentityProtected({ ...adult, identityProtected: false }, on)).toBe(false);
    expect(isIdentityProtected({ ...adult, dateOfBirth: null, identityProtected: false }, on)).toBe(
      false,
    );
    expect(isIdentityProtected({ ...minor, identityProtected: false }, on)).toBe(true);
    expect(isIdentityProtected({ ...adult, identityProtected: true }, on)).toBe(true);
    expect(isIdentityProtected(adult, on)).toBe(true);
    expect(isIdentityProtected({ ...adult, identityProtected: 'false' }, on)).toBe(true);
  });

  it('masks for callers without juvenile:read only', () => {
    const masked = { fullName: 'Z. W.', nationalId: '***', dateOfBirth: null, masked: true };
    expect(
      identityOf({ ...minor, identityProtected: false }, { scopes: ['pii:read'] }, on),
    ).toEqual(masked);
    expect(
      identityOf({ ...minor, nationalId: null, identityProtected: false }, { scopes: [] }, on),
    ).toEqual({ ...masked, nationalId: null });
    expect(identityOf(minor, { scopes: ['juvenile:read'] }, on)).toEqual({
      ...minor,
      masked: false,
    });
    expect(identityOf({ ...adult, identityProtected: false }, { scopes: [] }, on)).toEqual({
      ...adult,
      masked: false,
    });
  });
});

interface PersonRow {
  id: number;
  full_name: string;
  national_id: string;
  date_of_birth: string;
}

let subgraph: TestSubgraph;
let minor: PersonRow;
let adult: PersonRow;

const INVESTIGATOR: CallerOptions = { roles: ['narcotics_investigator'] };
const JUVENILE_OFFICER: CallerOptions = { roles: ['juvenile_officer'] };

beforeAll(async () => {
  subgraph = await startTestSubgraph(narcoticsSubgraph, { seed: true });
  const bornBy = lastAdultBirthDate(today());
  [minor, adult] = await withAdmin(subgraph.database.url, async (client) => {
    const pick = async (condition: string) => {
      const found = await client.query<PersonRow>(
        `SELECT id, full_name, national_id, to_char(date_of_birth, 'YYYY-MM-DD') AS date_of_birth
           FROM narcotics.persons WHERE national_id IS NOT NULL AND ${condition}
          ORDER BY id LIMIT 1`,
        [bornBy],
      );
      if (!found.rows[0]) {
        throw new Error(`the demo seed has no person with ${condition}`);
      }
      return found.rows[0];
    };
    return [await pick('date_of_birth > $1'), await pick('date_of_birth <= $1')];
  });
});

afterAll(async () => {
  await subgraph?.stop();
});

const IDENTITY = 'id fullName nationalId dateOfBirth birthYear identityMasked';
const ENTITIES = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Person { ${IDENTITY} } } }`;

const unmasked = (row: PersonRow) => ({
  id: String(row.id),
  fullName: row.full_name,
  nationalId: row.national_id,
  dateOfBirth: row.date_of_birth,
  birthYear: Number(row.date_of_birth.slice(0, 4)),
  identityMasked: false,
});
const masked = (row: PersonRow) => ({
  id: String(row.id),
  fullName: initials(row.full_name),
  nationalId: '***',
  dateOfBirth: null,
  birthYear: Number(row.date_of_birth.slice(0, 4)),
  identityMasked: true,
});

describe('through _entities, with the marker the gateway passes', () => {
  const ref = (row: PersonRow, marker?: unknown) => ({
    __typename: 'Person',
    id: String(row.id),
    ...(marker === undefined ? {} : { identityProtected: marker }),
  });

  it('masks minors, marked adults and missing markers for an investigator', async () => {
    const result = await subgraph.query<{ _entities: unknown[] }>(ENTITIES, {
      ...INVESTIGATOR,
      variables: {
        r: [ref(minor, false), ref(adult, false), ref(adult, true), ref(adult), ref(adult, 'no')],
      },
    });
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?._entities).toEqual([
      masked(minor),
      unmasked(adult),
      masked(adult),
      masked(adult),
      masked(adult),
    ]);
  });

  it('masks nothing for a juvenile officer', async () => {
    const result = await subgraph.query<{ _entities: unknown[] }>(ENTITIES, {
      ...JUVENILE_OFFICER,
      variables: { r: [ref(minor, true), ref(adult, true), ref(adult)] },
    });
    expect(result.body.data?._entities).toEqual([
      unmasked(minor),
      unmasked(adult),
      unmasked(adult),
    ]);
  });

  it('masks the name for an analyst, who may not read the other fields at all', async () => {
    const result = await subgraph.query<{ _entities: unknown[] }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) {
         ... on Person { fullName identityMasked nationalId } } }`,
      { roles: ['bureau_analyst'], variables: { r: [ref(minor, false), ref(adult, false)] } },
    );
    expect(result.body.data?._entities).toEqual([
      { fullName: initials(minor.full_name), identityMasked: true, nationalId: null },
      { fullName: adult.full_name, identityMasked: false, nationalId: null },
    ]);
    expect(result.body.errors?.map((e) => e.extensions?.code)).toEqual([
      'UNAUTHORIZED_FIELD_OR_TYPE',
      'UNAUTHORIZED_FIELD_OR_TYPE',
    ]);
  });
});

describe('without the gateway’s marker (a root query straight to the subgraph)', () => {
  it('fails closed: masks everyone for a caller without juvenile:read', async () => {
    const query = `query ($id: ID!) { person(id: $id) { ${IDENTITY} } }`;
    const investigator = await subgraph.query(query, {
      ...INVESTIGATOR,
      variables: { id: adult.id },
    });
    const officer = await subgraph.query(query, {
      ...JUVENILE_OFFICER,
      variables: { id: adult.id },
    });
    expect(investigator.body.data).toEqual({ person: masked(adult) });
    expect(officer.body.data).toEqual({ person: unmasked(adult) });
  });
});

describe('searching persons', () => {
  const SEARCH = `query ($s: String, $after: String) { persons(search: $s, first: 200, after: $after) {
    totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }`;
  type Found = {
    persons: {
      totalCount: number;
      edges: { cursor: string; node: { id: string } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };
  const ids = async (search: string, caller: CallerOptions) => {
    const result = await subgraph.query<Found>(SEARCH, { ...caller, variables: { s: search } });
    expect(result.body.errors).toBeUndefined();
    return result.body.data?.persons.edges.map((edge) => Number(edge.node.id)) ?? [];
  };

  it('does not find a minor by name or national id without juvenile:read', async () => {
    expect(await ids(minor.national_id, INVESTIGATOR)).toEqual([]);
    expect(await ids(minor.full_name, INVESTIGATOR)).not.toContain(minor.id);
    expect(await ids(minor.national_id, JUVENILE_OFFICER)).toEqual([minor.id]);
    expect(await ids(minor.full_name, JUVENILE_OFFICER)).toContain(minor.id);
    expect(await ids(adult.national_id, INVESTIGATOR)).toEqual([adult.id]);
  });

  it('pages with cursors that name the row, not the name', async () => {
    const first = await subgraph.query<Found>(
      `{ persons(first: 3) { edges { cursor node { id } } pageInfo { endCursor } } }`,
      INVESTIGATOR,
    );
    const edges = first.body.data?.persons.edges ?? [];
    expect(edges).toHaveLength(3);
    for (const edge of edges) {
      expect(JSON.parse(Buffer.from(edge.cursor, 'base64url').toString('utf8'))).toEqual([
        Number(edge.node.id),
      ]);
    }
    const seen: string[] = [];
    let after: string | null = null;
    let total = 0;
    do {
      const page: Awaited<ReturnType<typeof subgraph.query<Found>>> = await subgraph.query<Found>(
        `query ($after: String) { persons(first: 70, after: $after) {
           totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
        { ...INVESTIGATOR, variables: { after } },
      );
      const persons = page.body.data?.persons;
      total = persons?.totalCount ?? 0;
      seen.push(...(persons?.edges.map((edge) => edge.node.id) ?? []));
      after = persons?.pageInfo.hasNextPage ? persons.pageInfo.endCursor : null;
    } while (after);
    expect(seen.length).toBe(total);
    expect(new Set(seen).size).toBe(total);
  });
});
