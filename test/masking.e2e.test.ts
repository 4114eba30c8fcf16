/*
 * Minors' identity through the real gateway over HTTP (DESIGN §6): decided by age alone in the
 * narcotics subgraph — under 18 today, of unknown age, or a suspect in a case opened while under
 * 18 — and masked for callers without `juvenile:read`. A juvenile record, sealed or not, changes
 * nothing, and the juvenile subgraph is not needed to show a person.
 */
import { externalId } from '../subgraphs/kit/index.js';

import { withAdmin } from './support/database.js';
import { startTestHub, type TestHub } from './support/hub.js';

interface Fixture {
  /** The id clients see. */
  id: string;
  /** The narcotics row behind it (juvenile records refer to it). */
  row: number;
  fullName: string;
  nationalId: string;
  dateOfBirth: string | null;
}

const PURPOSE = 'INVESTIGATION:ND-2026-7700';

let hub: TestHub;
let caseId: string;
/** Under 18 today by the narcotics date of birth; no juvenile record. */
let minor: Fixture;
/** An adult with no juvenile record. */
let adult: Fixture;
/** An adult today with a sealed juvenile record: shown whole, as any adult. */
let sealed: Fixture;
/** No date of birth in narcotics (a juvenile record shows them under 18): unknown age, masked. */
let unknownAge: Fixture;
/** An adult today, also a suspect in a case opened while 17. */
let formerMinor: Fixture;
let sealedRecordId: string;

const yearsAgo = (years: number): string => {
  const date = new Date();
  date.setUTCFullYear(date.getUTCFullYear() - years);
  return date.toISOString().slice(0, 10);
};

beforeAll(async () => {
  hub = await startTestHub({ seed: true });
  const people: Omit<Fixture, 'id' | 'row'>[] = [
    { fullName: 'Aa Minor Li', nationalId: '99990020110101001X', dateOfBirth: yearsAgo(15) },
    { fullName: 'Ab Adult', nationalId: '999900199001010021', dateOfBirth: '1990-01-01' },
    { fullName: 'Ac Sealed Wang', nationalId: '999900199103010031', dateOfBirth: '1991-03-01' },
    { fullName: 'Ad Juvenile', nationalId: '999900201101010041', dateOfBirth: null },
    { fullName: 'Ae Former Minor', nationalId: '999900200601010051', dateOfBirth: yearsAgo(20) },
  ];
  const ids = await withAdmin(hub.databases.narcotics ?? '', async (client) => {
    const openCase = (number: string, openedAt: string) =>
      client.query<{ id: number }>(
        `INSERT INTO narcotics.cases (case_number, title, status, province, dissemination,
           owning_agency_code, opened_at)
         VALUES ($1, 'Teenagers in a drug-taking room, Xi''an', 'OPEN', 'SN', 'GREEN',
           'SN-NB', $2) RETURNING id`,
        [number, openedAt],
      );
    const opened = await openCase('ND-2026-7700', new Date().toISOString());
    const old = await openCase('ND-2023-7701', `${yearsAgo(3)}T12:00:00Z`);
    const persons = await client.query<{ id: number }>(
      `INSERT INTO narcotics.persons (full_name, gender, national_id, date_of_birth)
       SELECT name, 'MALE', nid, dob FROM unnest($1::text[], $2::text[], $3::date[])
         WITH ORDINALITY AS p (name, nid, dob, n) ORDER BY n RETURNING id`,
      [
        people.map((p) => p.fullName),
        people.map((p) => p.nationalId),
        people.map((p) => p.dateOfBirth),
      ],
    );
    const personIds = persons.rows.map((row) => row.id);
    await client.query(
      `INSERT INTO narcotics.case_suspects (case_id, person_id, role, added_at)
       SELECT $1, id, 'USER', now() FROM unnest($2::int[]) AS id`,
      [opened.rows[0]?.id, personIds],
    );
    await client.query(
      `INSERT INTO narcotics.case_suspects (case_id, person_id, role, added_at)
       VALUES ($1, $2, 'INTRODUCER', now())`,
      [old.rows[0]?.id, personIds[4]],
    );
    return { case: opened.rows[0]?.id ?? 0, persons: personIds };
  });
  caseId = externalId('Case', ids.case);
  [minor, adult, sealed, unknownAge, formerMinor] = people.map((p, i) => ({
    ...p,
    id: externalId('Person', ids.persons[i] ?? 0),
    row: ids.persons[i] ?? 0,
  })) as [Fixture, Fixture, Fixture, Fixture, Fixture];
  sealedRecordId = await withAdmin(hub.databases.juvenile ?? '', async (client) => {
    const insert = (personId: number, dateOfBirth: string, offenceDate: string) =>
      client.query<{ id: number; sealed: boolean }>(
        `INSERT INTO juvenile.juvenile_records (person_id, date_of_birth, offence_date, offence,
           disposition, sentence_months, recorded_by)
         VALUES ($1, $2, $3, 'Possession of ketamine', 'Community correction', 0, 'test')
         RETURNING id`,
        [personId, dateOfBirth, offenceDate],
      );
    const record = await insert(sealed.row, '1991-03-01', '2007-05-01');
    await insert(unknownAge.row, yearsAgo(16), yearsAgo(1));
    const state = await client.query<{ sealed: boolean }>(
      'SELECT sealed FROM juvenile.juvenile_records WHERE id = $1',
      [record.rows[0]?.id],
    );
    expect(state.rows[0]?.sealed).toBe(true);
    return externalId('JuvenileRecord', record.rows[0]?.id ?? 0);
  });
});

afterAll(() => hub?.stop());

const token = (roles: string[]) => hub.token({ roles, agency: 'GS-NB', province: 'GS' });

const initials = (name: string) =>
  name
    .split(' ')
    .map((word) => `${word[0]}.`)
    .join(' ');

const full = (p: Fixture) => ({
  id: p.id,
  fullName: p.fullName,
  nationalId: p.nationalId,
  dateOfBirth: p.dateOfBirth,
  birthYear: p.dateOfBirth ? Number(p.dateOfBirth.slice(0, 4)) : null,
  identityMasked: false,
});
const masked = (p: Fixture) => ({
  ...full(p),
  fullName: initials(p.fullName),
  nationalId: '***',
  dateOfBirth: null,
  identityMasked: true,
});

const SUSPECTS = /* GraphQL */ `
  query ($id: ID!) {
    case(id: $id) {
      caseNumber
      suspects {
        person {
          id
          fullName
          nationalId
          dateOfBirth
          birthYear
          identityMasked
        }
      }
    }
  }
`;

type Suspects = { case: { suspects: { person: Record<string, unknown> }[] } };
const personsOf = (data: Suspects | null | undefined) =>
  [...(data?.case.suspects.map((s) => s.person) ?? [])].sort((a, b) =>
    String(a.id).localeCompare(String(b.id)),
  );
const byId = (list: ReturnType<typeof full>[]) =>
  [...list].sort((a, b) => a.id.localeCompare(b.id));

describe('a case with minors among its suspects', () => {
  it('shows a bureau analyst initials for protected identities, and no PII at all', async () => {
    const result = await hub.query<{
      case: { suspects: { person: { id: string; fullName: string; identityMasked: boolean } }[] };
    }>(
      `query ($id: ID!) { case(id: $id) { suspects { person { id fullName identityMasked } } } }`,
      { token: await token(['bureau_analyst']), purpose: PURPOSE, variables: { id: caseId } },
    );
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
    const shown = new Map(result.body.data?.case.suspects.map((s) => [s.person.id, s.person]));
    expect(shown.get(minor.id)).toEqual({
      id: minor.id,
      fullName: 'A. M. L.',
      identityMasked: true,
    });
    expect(shown.get(adult.id)).toEqual({
      id: adult.id,
      fullName: 'Ab Adult',
      identityMasked: false,
    });
    expect(shown.get(sealed.id)).toEqual({
      id: sealed.id,
      fullName: 'Ac Sealed Wang',
      identityMasked: false,
    });
    expect(shown.get(unknownAge.id)).toMatchObject({ fullName: 'A. J.', identityMasked: true });
    expect(shown.get(formerMinor.id)).toMatchObject({ fullName: 'A. F. M.', identityMasked: true });

    const pii = await hub.query(SUSPECTS, {
      token: await token(['bureau_analyst']),
      purpose: PURPOSE,
      variables: { id: caseId },
    });
    expect(pii.status).toBe(200);
    expect(new Set(pii.body.errors?.map((e) => e.extensions?.code))).toEqual(
      new Set(['UNAUTHORIZED_FIELD_OR_TYPE']),
    );
    expect(JSON.stringify(pii.body.data)).not.toMatch(/9999\d{14}|Minor|Juvenile/);
  });

  it('shows an investigator (pii:read, no juvenile:read) protected persons masked, adults whole', async () => {
    const result = await hub.query<Suspects>(SUSPECTS, {
      token: await token(['narcotics_investigator']),
      purpose: PURPOSE,
      variables: { id: caseId },
    });
    expect(result.body.errors).toBeUndefined();
    expect(personsOf(result.body.data)).toEqual(
      byId([masked(minor), full(adult), full(sealed), masked(unknownAge), masked(formerMinor)]),
    );
  });

  it('shows a juvenile officer everyone unmasked', async () => {
    const result = await hub.query<Suspects>(SUSPECTS, {
      token: await token(['juvenile_officer']),
      purpose: PURPOSE,
      variables: { id: caseId },
    });
    expect(result.body.errors).toBeUndefined();
    expect(personsOf(result.body.data)).toEqual(
      byId([full(minor), full(adult), full(sealed), full(unknownAge), full(formerMinor)]),
    );
  });
});

describe('every path that returns a person', () => {
  const IDENTITY = 'id fullName nationalId dateOfBirth birthYear identityMasked';

  it('masks by id and in lists', async () => {
    const investigator = await token(['narcotics_investigator']);
    const found = await hub.query(
      `query ($m: ID!, $s: ID!, $a: ID!, $f: ID!) { m: person(id: $m) { ${IDENTITY} }
         s: person(id: $s) { ${IDENTITY} } a: person(id: $a) { ${IDENTITY} }
         f: person(id: $f) { ${IDENTITY} } }`,
      {
        token: investigator,
        purpose: PURPOSE,
        variables: { m: minor.id, s: sealed.id, a: adult.id, f: formerMinor.id },
      },
    );
    expect(found.body.data).toEqual({
      m: masked(minor),
      s: full(sealed),
      a: full(adult),
      f: masked(formerMinor),
    });

    // The fixtures' initials sort first (A. …); within the list, order is initials then id.
    const list = await hub.query<{ persons: { edges: { node: { id: string } }[] } }>(
      `{ persons(first: 5) { edges { node { ${IDENTITY} } } } }`,
      { token: investigator, purpose: PURPOSE },
    );
    expect(list.body.data?.persons.edges.map((edge) => edge.node)).toEqual([
      full(adult),
      masked(formerMinor),
      masked(unknownAge),
      masked(minor),
      full(sealed),
    ]);
  });

  it('finds no protected person by name or national id for a caller who would see them masked', async () => {
    const SEARCH = `query ($s: String) { persons(search: $s) { totalCount edges { node { id } } } }`;
    for (const [person, search] of [
      [minor, minor.nationalId],
      [minor, 'Aa Minor'],
      [unknownAge, 'Ad Juv'],
      [formerMinor, formerMinor.nationalId],
      [formerMinor, 'Ae Former'],
    ] as const) {
      const investigator = await hub.query(SEARCH, {
        token: await token(['narcotics_investigator']),
        purpose: PURPOSE,
        variables: { s: search },
      });
      expect(investigator.body.data).toEqual({ persons: { totalCount: 0, edges: [] } });
      const officer = await hub.query(SEARCH, {
        token: await token(['juvenile_officer']),
        purpose: PURPOSE,
        variables: { s: search },
      });
      expect(officer.body.data).toEqual({
        persons: { totalCount: 1, edges: [{ node: { id: person.id } }] },
      });
    }
  });

  it('finds an adult with a sealed juvenile record like any adult', async () => {
    const result = await hub.query(
      `query ($s: String) { persons(search: $s) { totalCount edges { node { ${IDENTITY} } } } }`,
      {
        token: await token(['narcotics_investigator']),
        purpose: PURPOSE,
        variables: { s: 'Ac Sealed' },
      },
    );
    expect(result.body.data).toEqual({
      persons: { totalCount: 1, edges: [{ node: full(sealed) }] },
    });
  });

  it('shows the person of a juvenile record whole to a juvenile officer', async () => {
    const result = await hub.query(
      `query ($id: ID!) { juvenileRecord(id: $id) { sealed person { ${IDENTITY} } } }`,
      {
        token: await token(['juvenile_officer']),
        purpose: 'JUDICIAL:COURT-2026-17',
        variables: { id: sealedRecordId },
      },
    );
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data).toEqual({ juvenileRecord: { sealed: true, person: full(sealed) } });
  });
});

describe('when the juvenile subgraph is down', () => {
  it('still shows persons, masked by the same rules: masking never asks it', async () => {
    await hub.stopSubgraph('juvenile');
    const result = await hub.query(
      `query ($a: ID!, $m: ID!) { a: person(id: $a) { id fullName nationalId identityMasked }
         m: person(id: $m) { id fullName nationalId identityMasked } }`,
      {
        token: await token(['narcotics_investigator']),
        purpose: PURPOSE,
        variables: { a: adult.id, m: minor.id },
      },
    );
    expect(result.body).toEqual({
      data: {
        a: {
          id: adult.id,
          fullName: adult.fullName,
          nationalId: adult.nationalId,
          identityMasked: false,
        },
        m: { id: minor.id, fullName: 'A. M. L.', nationalId: '***', identityMasked: true },
      },
    });
  });
});
