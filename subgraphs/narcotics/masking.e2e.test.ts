/**
 * Minors' identity by age alone (DESIGN §6): a person under 18 today, of unknown age, or a
 * suspect in a case the caller sees that opened while they were under 18 shows initials, `***`
 * and no date of birth to callers without `juvenile:read` — on every path, with search and order
 * never using what the caller sees masked, and conflicts naming nobody.
 */
import { withAdmin } from '../../test/support/database.js';
import { asRuntimeRole, vouchedFor } from '../../test/support/runtime-role.js';
import {
  startTestSubgraph,
  type CallerOptions,
  type TestSubgraph,
} from '../../test/support/subgraph.js';
import { externalId, internalId, openCursor } from '../kit/index.js';

import { identityProtected } from './repositories/identity.sql.js';
import { identityOf, initials, personListing } from './rules.js';

import { narcoticsSubgraph } from './index.js';

describe('the masking rules', () => {
  it('turns a name into initials', () => {
    expect(initials('Zhang Wei')).toBe('Z. W.');
    expect(initials('  ouyang  xiao ming ')).toBe('O. X. M.');
    expect(initials('Li')).toBe('L.');
  });

  const person = {
    fullName: 'Zhang Wei',
    nationalId: '991000199001010011',
    dateOfBirth: '1990-01-01',
  };
  const masked = { fullName: 'Z. W.', nationalId: '***', dateOfBirth: null, masked: true };

  it('masks a protected identity for callers without juvenile:read, failing closed', () => {
    const whole = { ...person, masked: false };
    expect(identityOf({ ...person, identityProtected: false }, { scopes: ['pii:read'] })).toEqual(
      whole,
    );
    expect(identityOf({ ...person, identityProtected: true }, { scopes: ['pii:read'] })).toEqual(
      masked,
    );
    expect(identityOf(person, { scopes: [] })).toEqual(masked);
    expect(identityOf({ ...person, identityProtected: null }, { scopes: [] })).toEqual(masked);
    expect(
      identityOf({ ...person, nationalId: null, identityProtected: true }, { scopes: [] }),
    ).toEqual({ ...masked, nationalId: null });
    expect(
      identityOf({ ...person, identityProtected: true }, { scopes: ['juvenile:read'] }),
    ).toEqual(whole);
  });

  it('lets only callers who see everyone whole search everyone and list in name order', () => {
    expect(personListing({ scopes: ['juvenile:read'] }, false)).toEqual({
      searchSkipsProtected: false,
      order: 'name',
      matchesNationalId: false,
    });
    expect(personListing({ scopes: ['pii:read'] }, true)).toEqual({
      searchSkipsProtected: true,
      order: 'name',
      matchesNationalId: true,
    });
    expect(personListing({ scopes: ['pii:read'] }, false)).toEqual({
      searchSkipsProtected: true,
      order: 'initials',
      matchesNationalId: true,
    });
    // Without pii:read a search never matches the national id the caller may not read.
    expect(personListing({ scopes: ['narcotics:read'] }, true).matchesNationalId).toBe(false);
  });
});

interface Fixture {
  /** The id clients see. */
  id: string;
  /** The row's id in the database. */
  rowId: number;
  fullName: string;
  nationalId: string | null;
  dateOfBirth: string | null;
}

const yearsAgo = (years: number, days = 0): string => {
  const date = new Date();
  date.setUTCFullYear(date.getUTCFullYear() - years);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
};

/** A person, and the case (dissemination, owner, years ago) they are a suspect in, if any. */
const FIXTURES = {
  minor: { name: 'Xq Minor Wu', dob: yearsAgo(15), link: null },
  adult: { name: 'Xq Adult Wu', dob: '1990-01-01', link: null },
  unknownAge: { name: 'Xq Unknown Wu', dob: null, link: null },
  eighteenToday: { name: 'Xq Eighteen Wu', dob: yearsAgo(18), link: null },
  eighteenTomorrow: { name: 'Xq Seventeen Wu', dob: yearsAgo(18, 1), link: null },
  minorInGreenCase: { name: 'Xq Linked Wu', dob: yearsAgo(20), link: ['GREEN', 'GS-NB', 3] },
  adultInGreenCase: { name: 'Xq Later Wu', dob: yearsAgo(20), link: ['GREEN', 'GS-NB', 1] },
  minorInRedCase: { name: 'Xq Hidden Wu', dob: yearsAgo(20), link: ['RED', 'SN-NB', 3] },
  minorInPointer: { name: 'Xq Pointer Wu', dob: yearsAgo(20), link: ['YELLOW', 'SN-NB', 3] },
  /** Same initials as the next, which sorts first by name but was recorded later. */
  firstRecorded: { name: 'Xz Ma Zb', dob: yearsAgo(16), link: null },
  secondRecorded: { name: 'Xq Mb Za', dob: yearsAgo(16), link: null },
} as const;
type Name = keyof typeof FIXTURES;

let subgraph: TestSubgraph;
let people: Record<Name, Fixture>;
let greenCaseId: string;

const INVESTIGATOR: CallerOptions = { roles: ['narcotics_investigator'] };
const SN_INVESTIGATOR: CallerOptions = { ...INVESTIGATOR, agency: 'SN-NB', province: 'SN' };
const JUVENILE_OFFICER: CallerOptions = { roles: ['juvenile_officer'] };

beforeAll(async () => {
  subgraph = await startTestSubgraph(narcoticsSubgraph, { seed: true });
  const names = Object.keys(FIXTURES) as Name[];
  people = await withAdmin(subgraph.database.url, async (client) => {
    const result = {} as Record<Name, Fixture>;
    let n = 0;
    for (const name of names) {
      const { name: fullName, dob, link } = FIXTURES[name];
      n += 1;
      const nationalId = dob ? `9999${dob.replaceAll('-', '')}${String(n).padStart(6, '0')}` : null;
      const inserted = await client.query<{ id: number }>(
        `INSERT INTO narcotics.persons (full_name, gender, date_of_birth, national_id)
         VALUES ($1, 'MALE', $2, $3) RETURNING id`,
        [fullName, dob, nationalId],
      );
      const id = inserted.rows[0]?.id ?? 0;
      if (link) {
        const [dissemination, agency, years] = link;
        const opened = await client.query<{ id: number }>(
          `INSERT INTO narcotics.cases (case_number, title, status, province, dissemination,
             owning_agency_code, opened_at)
           VALUES ($1, 'Teenagers in a drug-taking room', 'OPEN', left($2, 2), $3, $2,
             now() - make_interval(years => $4)) RETURNING id`,
          [`ND-2023-${String(9000 + n)}`, agency, dissemination, years],
        );
        await client.query(
          `INSERT INTO narcotics.case_suspects (case_id, person_id, role, added_at)
           VALUES ($1, $2, 'USER', now())`,
          [opened.rows[0]?.id, id],
        );
        if (name === 'minorInGreenCase') {
          greenCaseId = externalId('Case', opened.rows[0]?.id ?? 0);
        }
      }
      result[name] = {
        id: externalId('Person', id),
        rowId: id,
        fullName,
        nationalId,
        dateOfBirth: dob,
      };
    }
    return result;
  });
});

afterAll(async () => {
  await subgraph?.stop();
});

const IDENTITY = 'id fullName nationalId dateOfBirth birthYear identityMasked';
const ENTITIES = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Person { ${IDENTITY} } } }`;
const BY_ID = `query ($id: ID!) { person(id: $id) { ${IDENTITY} } }`;

const whole = (p: Fixture) => ({
  id: p.id,
  fullName: p.fullName,
  nationalId: p.nationalId,
  dateOfBirth: p.dateOfBirth,
  birthYear: p.dateOfBirth ? Number(p.dateOfBirth.slice(0, 4)) : null,
  identityMasked: false,
});
const masked = (p: Fixture) => ({
  ...whole(p),
  fullName: initials(p.fullName),
  nationalId: p.nationalId === null ? null : '***',
  dateOfBirth: null,
  identityMasked: true,
});

/** Who is protected for a GS-NB caller (the RED and YELLOW cases are another agency's). */
const PROTECTED_FOR_GS: readonly Name[] = [
  'minor',
  'unknownAge',
  'eighteenTomorrow',
  'minorInGreenCase',
  'firstRecorded',
  'secondRecorded',
];
const expectedFor = (name: Name, protectedNames: readonly Name[] = PROTECTED_FOR_GS) =>
  protectedNames.includes(name) ? masked(people[name]) : whole(people[name]);

describe('who is masked, on every path', () => {
  const names = Object.keys(FIXTURES) as Name[];

  it('by id, for an investigator of another agency than the RED and YELLOW cases', async () => {
    for (const name of names) {
      const result = await subgraph.query(BY_ID, {
        ...INVESTIGATOR,
        variables: { id: people[name].id },
      });
      expect({ name, data: result.body.data }).toEqual({
        name,
        data: { person: expectedFor(name) },
      });
      // The row's database id names no one: ids clients send are opaque.
      const byRowId = await subgraph.query(BY_ID, {
        ...INVESTIGATOR,
        variables: { id: String(people[name].rowId) },
      });
      expect({ name, data: byRowId.body.data }).toEqual({ name, data: { person: null } });
    }
  });

  it('through _entities, the same as by id', async () => {
    const result = await subgraph.query<{ _entities: unknown[] }>(ENTITIES, {
      ...INVESTIGATOR,
      variables: { r: names.map((name) => ({ __typename: 'Person', id: people[name].id })) },
    });
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?._entities).toEqual(names.map((name) => expectedFor(name)));
  });

  it('by the cases the caller sees: the RED case’s owner sees its minor masked', async () => {
    const result = await subgraph.query<{ _entities: unknown[] }>(ENTITIES, {
      ...SN_INVESTIGATOR,
      variables: {
        r: ['minorInRedCase', 'minorInPointer', 'minorInGreenCase'].map((name) => ({
          __typename: 'Person',
          id: people[name as Name].id,
        })),
      },
    });
    expect(result.body.data?._entities).toEqual([
      masked(people.minorInRedCase),
      masked(people.minorInPointer),
      masked(people.minorInGreenCase),
    ]);
  });

  it('as a suspect of the case, and nowhere for a juvenile officer', async () => {
    const suspects = await subgraph.query<{
      case: { suspects: { person: unknown }[] };
    }>(`query ($id: ID!) { case(id: $id) { suspects { person { ${IDENTITY} } } } }`, {
      ...INVESTIGATOR,
      variables: { id: greenCaseId },
    });
    expect(suspects.body.data?.case.suspects).toEqual([
      { person: masked(people.minorInGreenCase) },
    ]);

    const officer = await subgraph.query<{ _entities: unknown[] }>(ENTITIES, {
      ...JUVENILE_OFFICER,
      variables: { r: names.map((name) => ({ __typename: 'Person', id: people[name].id })) },
    });
    expect(officer.body.data?._entities).toEqual(names.map((name) => whole(people[name])));
  });

  it('by the name alone for an analyst, who may not read the other fields at all', async () => {
    const result = await subgraph.query<{ _entities: unknown[] }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) {
         ... on Person { fullName identityMasked nationalId } } }`,
      {
        roles: ['bureau_analyst'],
        variables: {
          r: [people.minor, people.adult].map((p) => ({ __typename: 'Person', id: p.id })),
        },
      },
    );
    expect(result.body.data?._entities).toEqual([
      { fullName: initials(people.minor.fullName), identityMasked: true, nationalId: null },
      { fullName: people.adult.fullName, identityMasked: false, nationalId: null },
    ]);
    expect(result.body.errors?.map((e) => e.extensions?.code)).toEqual([
      'UNAUTHORIZED_FIELD_OR_TYPE',
      'UNAUTHORIZED_FIELD_OR_TYPE',
    ]);
  });
});

describe('the database verdict', () => {
  it('counts age as 18 years back from the day, 29 February and unknown dates included', async () => {
    const rows = await withAdmin(subgraph.database.url, (client) =>
      client.query<{ minor: boolean }>(
        `SELECT narcotics.minor_on(dob::date, day::date) AS minor
           FROM (VALUES ('2008-11-28', '2026-11-28'), ('2008-11-29', '2026-11-28'),
                        ('2010-02-28', '2028-02-29'), ('2010-03-01', '2028-02-29'),
                        ('2008-02-29', '2026-02-28'), ('2008-02-29', '2026-03-01'),
                        (NULL, '2026-11-28')) AS t (dob, day)`,
      ),
    );
    expect(rows.rows.map((row) => row.minor)).toEqual([
      false,
      true,
      false,
      true,
      true,
      false,
      true,
    ]);
  });

  it('weighs only the suspect links the runtime role may see for the calling agency', async () => {
    const ids = [
      people.minorInRedCase.rowId,
      people.minorInPointer.rowId,
      people.adultInGreenCase.rowId,
    ];
    const verdict = (settings: Record<string, string>) =>
      asRuntimeRole(subgraph.database.url, 'narcotics', settings, async (client) => {
        const rows = await client.query<{ id: number; protected: boolean }>(
          `SELECT p.id, ${identityProtected('p')} AS protected
             FROM narcotics.persons p WHERE p.id = ANY($1::int[])`,
          [ids],
        );
        return ids.map((id) => rows.rows.find((row) => row.id === id)?.protected);
      });
    const vouched = (agency: string) =>
      vouchedFor('narcotics', subgraph.databaseKey ?? Buffer.alloc(0), { agency });
    expect(await verdict(vouched('GS-NB'))).toEqual([false, false, false]);
    expect(await verdict(vouched('SN-NB'))).toEqual([true, true, false]);
    // A session's own settings vouch for nobody: no person exists for it, masked or not.
    expect(await verdict({ 'hub.agency': 'SN-NB' })).toEqual([undefined, undefined, undefined]);
  });
});

describe('searching persons', () => {
  const SEARCH = `query ($s: String) { persons(search: $s, first: 200) {
    totalCount edges { node { id } } } }`;
  type Found = { persons: { totalCount: number; edges: { node: { id: string } }[] } };
  const ids = async (search: string, caller: CallerOptions) => {
    const result = await subgraph.query<Found>(SEARCH, { ...caller, variables: { s: search } });
    expect(result.body.errors).toBeUndefined();
    const persons = result.body.data?.persons;
    expect(persons?.totalCount).toBe(persons?.edges.length);
    return persons?.edges.map((edge) => edge.node.id) ?? [];
  };

  it.each(PROTECTED_FOR_GS.map((name) => [name]))(
    'never finds %s by name, prefix, initials or national id without juvenile:read',
    async (name) => {
      const p = people[name];
      const searches = [
        p.fullName,
        p.fullName.toUpperCase(),
        p.fullName
          .split(' ')
          .map((word) => word.slice(0, 2))
          .join(' '),
        initials(p.fullName),
        ...(p.nationalId ? [p.nationalId] : []),
      ];
      for (const search of searches) {
        const found = await ids(search, INVESTIGATOR);
        expect({ search, found }).toEqual({ search, found: expect.not.arrayContaining([p.id]) });
        expect(await ids(search, JUVENILE_OFFICER)).toContain(p.id);
      }
      if (p.nationalId) {
        expect(await ids(p.nationalId, INVESTIGATOR)).toEqual([]);
      }
    },
  );

  it('finds persons the caller sees whole, by name and national id', async () => {
    for (const name of ['adult', 'eighteenToday', 'adultInGreenCase', 'minorInRedCase'] as const) {
      const p = people[name];
      expect(await ids(p.fullName, INVESTIGATOR)).toEqual([p.id]);
      expect(await ids(p.nationalId ?? '', INVESTIGATOR)).toEqual([p.id]);
    }
    expect(await ids(people.minorInRedCase.fullName, SN_INVESTIGATOR)).toEqual([]);
  });

  it('lists search hits in name order, all of them shown whole', async () => {
    const result = await subgraph.query<{
      persons: { edges: { node: { fullName: string; identityMasked: boolean } }[] };
    }>('{ persons(search: "xq", first: 200) { edges { node { fullName identityMasked } } } }', {
      ...INVESTIGATOR,
    });
    const nodes = result.body.data?.persons.edges.map((edge) => edge.node) ?? [];
    expect(nodes.map((node) => node.fullName)).toEqual([
      'Xq Adult Wu',
      'Xq Eighteen Wu',
      'Xq Hidden Wu',
      'Xq Later Wu',
      'Xq Pointer Wu',
    ]);
    expect(nodes.every((node) => !node.identityMasked)).toBe(true);
  });
});

describe('listing persons without a search', () => {
  type Page = {
    persons: {
      totalCount: number;
      edges: { cursor: string; node: { id: string; fullName: string } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  };
  async function everyone(caller: CallerOptions, pageSize: number) {
    const seen: { id: string; fullName: string }[] = [];
    let after: string | null = null;
    let total = 0;
    do {
      const page: Awaited<ReturnType<typeof subgraph.query<Page>>> = await subgraph.query<Page>(
        `query ($after: String, $first: Int) { persons(first: $first, after: $after) {
           totalCount edges { cursor node { id fullName } } pageInfo { hasNextPage endCursor } } }`,
        { ...caller, variables: { after, first: pageSize } },
      );
      expect(page.body.errors).toBeUndefined();
      const persons = page.body.data?.persons;
      total = persons?.totalCount ?? 0;
      for (const edge of persons?.edges ?? []) {
        // Sealed, and inside it the row's id alone: no initials, no name.
        expect(() => JSON.parse(Buffer.from(edge.cursor, 'base64url').toString('utf8'))).toThrow();
        expect(openCursor(edge.cursor)).toMatchObject({
          values: [internalId('Person', edge.node.id)],
        });
        seen.push(edge.node);
      }
      after = persons?.pageInfo.hasNextPage ? persons.pageInfo.endCursor : null;
    } while (after);
    return { seen, total };
  }

  it('shows everyone, in order of initials then id, to a caller who sees some masked', async () => {
    const { seen, total } = await everyone(INVESTIGATOR, 70);
    expect(seen.length).toBe(total);
    expect(new Set(seen.map((p) => p.id)).size).toBe(total);
    // A function of (initials, id) alone, whatever the collation: each initials value is one
    // block, and ids rise within it.
    const blocks: { initials: string; ids: number[] }[] = [];
    for (const p of seen) {
      const last = blocks.at(-1);
      const rowId = internalId('Person', p.id) ?? Number.NaN;
      if (last?.initials === initials(p.fullName)) {
        last.ids.push(rowId);
      } else {
        blocks.push({ initials: initials(p.fullName), ids: [rowId] });
      }
    }
    expect(new Set(blocks.map((block) => block.initials)).size).toBe(blocks.length);
    for (const block of blocks) {
      expect(block.ids).toEqual([...block.ids].sort((a, b) => a - b));
    }
    expect(blocks.length).toBeLessThan(seen.length);

    const position = (name: Name) => seen.findIndex((p) => p.id === people[name].id);
    expect(position('firstRecorded')).toBeGreaterThanOrEqual(0);
    expect(position('firstRecorded')).toBe(position('secondRecorded') - 1);
  });

  it('orders by full name for a juvenile officer, who sees every name', async () => {
    const { seen, total } = await everyone(JUVENILE_OFFICER, 200);
    expect(seen.length).toBe(total);
    const position = (name: Name) => seen.findIndex((p) => p.id === people[name].id);
    expect(position('secondRecorded')).toBeGreaterThanOrEqual(0);
    expect(position('secondRecorded')).toBeLessThan(position('firstRecorded'));
    expect(seen.find((p) => p.id === people.minor.id)?.fullName).toBe(people.minor.fullName);
  });
});

describe('adding a suspect with a national id already on record', () => {
  const ADD = /* GraphQL */ `
    mutation ($input: AddSuspectInput!) {
      addSuspect(input: $input) {
        role
        person {
          id
        }
      }
    }
  `;
  const attempt = (nationalId: string) =>
    subgraph.query(ADD, {
      ...INVESTIGATOR,
      variables: {
        input: {
          caseId: greenCaseId,
          role: 'BUYER',
          person: { fullName: 'Guess Person', gender: 'MALE', nationalId },
        },
      },
    });

  it("finds the id on record exactly where the caller's own search finds its holder", async () => {
    const SEARCH = 'query ($s: String) { persons(search: $s) { totalCount } }';
    const found = async (nationalId: string) =>
      (
        await subgraph.query<{ persons: { totalCount: number } }>(SEARCH, {
          ...INVESTIGATOR,
          variables: { s: nationalId },
        })
      ).body.data?.persons.totalCount;
    // The adult is shown whole: a search finds them, and adding the id again is a conflict.
    expect(await found(people.adult.nationalId ?? '')).toBe(1);
    const forAdult = await attempt(people.adult.nationalId ?? '');
    expect(forAdult.body).toEqual({
      data: null,
      errors: [
        expect.objectContaining({
          message: 'person.nationalId: already on record; add the person by personId',
          extensions: { code: 'CONFLICT' },
        }),
      ],
    });
    expect(JSON.stringify(forAdult.body)).not.toContain(people.adult.id);
    // The minor is shown masked: no search finds them, so their id answers as a free one —
    // a new person, as the caller described them, never the protected one.
    expect(await found(people.minor.nationalId ?? '')).toBe(0);
    const forMinor = await attempt(people.minor.nationalId ?? '');
    expect(forMinor.body.errors).toBeUndefined();
    const added = (forMinor.body.data as { addSuspect: { person: { id: string } } }).addSuspect;
    expect(added.person.id).not.toBe(people.minor.id);
    const unused = await attempt('110101199001010011');
    expect(unused.body.errors).toBeUndefined();
    expect(Object.keys(forMinor.body)).toEqual(Object.keys(unused.body));
  });

  it('shows a new suspect masked or whole by the same rules', async () => {
    const result = await subgraph.query<{
      addSuspect: { person: { fullName: string; identityMasked: boolean } };
    }>(
      `mutation ($input: AddSuspectInput!) {
         addSuspect(input: $input) { person { fullName identityMasked } } }`,
      {
        ...INVESTIGATOR,
        variables: {
          input: {
            caseId: greenCaseId,
            role: 'BUYER',
            person: { fullName: 'Xq New Adult', gender: 'MALE', dateOfBirth: '1995-05-05' },
          },
        },
      },
    );
    const minor = await subgraph.query<{
      addSuspect: { person: { fullName: string; identityMasked: boolean } };
    }>(
      `mutation ($input: AddSuspectInput!) {
         addSuspect(input: $input) { person { fullName identityMasked } } }`,
      {
        ...INVESTIGATOR,
        variables: {
          input: {
            caseId: greenCaseId,
            role: 'BUYER',
            person: { fullName: 'Xq New Minor', gender: 'MALE', dateOfBirth: yearsAgo(16) },
          },
        },
      },
    );

    expect(result.body.data?.addSuspect.person).toEqual({
      fullName: 'Xq New Adult',
      identityMasked: false,
    });
    expect(minor.body.data?.addSuspect.person).toEqual({
      fullName: 'X. N. M.',
      identityMasked: true,
    });
  });
});
