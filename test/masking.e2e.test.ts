/*
 * Minors' identity through the real gateway over HTTP (DESIGN §6): the gateway fetches the
 * juvenile subgraph's `identityProtected` marker (`@requires`) before the narcotics subgraph
 * resolves a person's identity fields, which are masked for minors and persons with a sealed
 * juvenile record when the caller lacks `juvenile:read`.
 */
import { withAdmin } from './support/database.js';
import { startTestHub, type TestHub } from './support/hub.js';

interface Fixture {
  id: string;
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
/** An adult today with a sealed juvenile record. */
let sealed: Fixture;
/** No date of birth in narcotics; a juvenile record shows them under 18. */
let juvenileOnly: Fixture;
let sealedRecordId: string;

const yearsAgo = (years: number): string => {
  const date = new Date();
  date.setUTCFullYear(date.getUTCFullYear() - years);
  return date.toISOString().slice(0, 10);
};

beforeAll(async () => {
  hub = await startTestHub({ seed: true });
  const people: Omit<Fixture, 'id'>[] = [
    { fullName: 'Aa Minor Li', nationalId: '99990020110101001X', dateOfBirth: yearsAgo(15) },
    { fullName: 'Ab Adult', nationalId: '999900199001010021', dateOfBirth: '1990-01-01' },
    { fullName: 'Ac Sealed Wang', nationalId: '999900199103010031', dateOfBirth: '1991-03-01' },
    { fullName: 'Ad Juvenile', nationalId: '999900201101010041', dateOfBirth: null },
  ];
  const ids = await withAdmin(hub.databases.narcotics ?? '', async (client) => {
    const opened = await client.query<{ id: number }>(
      `INSERT INTO narcotics.cases (case_number, title, status, province, dissemination,
         owning_agency_code, opened_at)
       VALUES ('ND-2026-7700', 'Teenagers in a drug-taking room, Xi''an', 'OPEN', 'SN', 'GREEN',
         'SN-NB', now()) RETURNING id`,
    );
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
    await client.query(
      `INSERT INTO narcotics.case_suspects (case_id, person_id, role, added_at)
       SELECT $1, id, 'USER', now() FROM unnest($2::int[]) AS id`,
      [opened.rows[0]?.id, persons.rows.map((row) => row.id)],
    );
    return { case: String(opened.rows[0]?.id), persons: persons.rows.map((r) => String(r.id)) };
  });
  caseId = ids.case;
  [minor, adult, sealed, juvenileOnly] = people.map((p, i) => ({ ...p, id: ids.persons[i] ?? '' }));
  sealedRecordId = await withAdmin(hub.databases.juvenile ?? '', async (client) => {
    const insert = (personId: string, dateOfBirth: string, offenceDate: string) =>
      client.query<{ id: number; sealed: boolean }>(
        `INSERT INTO juvenile.juvenile_records (person_id, date_of_birth, offence_date, offence,
           disposition, sentence_months, recorded_by)
         VALUES ($1, $2, $3, 'Possession of ketamine', 'Community correction', 0, 'test')
         RETURNING id`,
        [Number(personId), dateOfBirth, offenceDate],
      );
    const record = await insert(sealed.id, '1991-03-01', '2007-05-01');
    await insert(juvenileOnly.id, yearsAgo(16), yearsAgo(1));
    const marker = await client.query<{ person: number; protected: boolean }>(
      `SELECT person, protected FROM juvenile.identity_protected($1::int[])`,
      [[minor, adult, sealed, juvenileOnly].map((p) => Number(p.id))],
    );
    expect(marker.rows.map((row) => row.protected)).toEqual([false, false, true, true]);
    const state = await client.query<{ sealed: boolean }>(
      'SELECT sealed FROM juvenile.juvenile_records WHERE id = $1',
      [record.rows[0]?.id],
    );
    expect(state.rows[0]?.sealed).toBe(true);
    return String(record.rows[0]?.id);
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
    String(a.fullName).localeCompare(String(b.fullName)),
  );

describe('a case with minors among its suspects', () => {
  it('shows a bureau analyst initials for minors and sealed records, and no PII at all', async () => {
    const result = await hub.query<{
      case: { suspects: { person: { id: string; fullName: string; identityMasked: boolean } }[] };
    }>(
      `query ($id: ID!) { case(id: $id) { suspects { person { id fullName identityMasked } } } }`,
      { token: await token(['bureau_analyst']), purpose: PURPOSE, variables: { id: caseId } },
    );
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
    const byId = new Map(result.body.data?.case.suspects.map((s) => [s.person.id, s.person]));
    expect(byId.get(minor.id)).toEqual({
      id: minor.id,
      fullName: 'A. M. L.',
      identityMasked: true,
    });
    expect(byId.get(adult.id)).toEqual({
      id: adult.id,
      fullName: 'Ab Adult',
      identityMasked: false,
    });
    expect(byId.get(sealed.id)).toEqual({
      id: sealed.id,
      fullName: 'A. S. W.',
      identityMasked: true,
    });
    expect(byId.get(juvenileOnly.id)).toMatchObject({ fullName: 'A. J.', identityMasked: true });

    const pii = await hub.query(SUSPECTS, {
      token: await token(['bureau_analyst']),
      variables: { id: caseId },
    });
    expect(pii.status).toBe(200);
    expect(new Set(pii.body.errors?.map((e) => e.extensions?.code))).toEqual(
      new Set(['UNAUTHORIZED_FIELD_OR_TYPE']),
    );
    expect(JSON.stringify(pii.body.data)).not.toMatch(/9999\d{14}|Minor|Sealed/);
  });

  it('shows an investigator (pii:read, no juvenile:read) masked minors and whole adults', async () => {
    const result = await hub.query<Suspects>(SUSPECTS, {
      token: await token(['narcotics_investigator']),
      purpose: PURPOSE,
      variables: { id: caseId },
    });
    expect(result.body.errors).toBeUndefined();
    expect(personsOf(result.body.data)).toEqual(
      [masked(juvenileOnly), masked(minor), full(adult), masked(sealed)].sort((a, b) =>
        a.fullName.localeCompare(b.fullName),
      ),
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
      [full(minor), full(adult), full(sealed), full(juvenileOnly)].sort((a, b) =>
        a.fullName.localeCompare(b.fullName),
      ),
    );
  });
});

describe('every path that returns a person', () => {
  const IDENTITY = 'id fullName nationalId dateOfBirth birthYear identityMasked';

  it('masks by id and in lists', async () => {
    const investigator = await token(['narcotics_investigator']);
    const byId = await hub.query(
      `query ($m: ID!, $s: ID!, $a: ID!) { m: person(id: $m) { ${IDENTITY} }
         s: person(id: $s) { ${IDENTITY} } a: person(id: $a) { ${IDENTITY} } }`,
      { token: investigator, variables: { m: minor.id, s: sealed.id, a: adult.id } },
    );
    expect(byId.body.data).toEqual({ m: masked(minor), s: masked(sealed), a: full(adult) });

    // The fixtures' names sort first.
    const list = await hub.query<{ persons: { edges: { node: unknown }[] } }>(
      `{ persons(first: 4) { edges { node { ${IDENTITY} } } } }`,
      { token: investigator },
    );
    expect(list.body.data?.persons.edges.map((edge) => edge.node)).toEqual([
      masked(minor),
      full(adult),
      masked(sealed),
      masked(juvenileOnly),
    ]);
  });

  it('finds no minor by name or national id for a caller who would see them masked', async () => {
    const SEARCH = `query ($s: String) { persons(search: $s) { totalCount edges { node { id } } } }`;
    for (const search of [minor.nationalId, 'Aa Minor']) {
      const investigator = await hub.query(SEARCH, {
        token: await token(['narcotics_investigator']),
        variables: { s: search },
      });
      expect(investigator.body.data).toEqual({ persons: { totalCount: 0, edges: [] } });
      const officer = await hub.query(SEARCH, {
        token: await token(['juvenile_officer']),
        variables: { s: search },
      });
      expect(officer.body.data).toEqual({
        persons: { totalCount: 1, edges: [{ node: { id: minor.id } }] },
      });
    }
  });

  it('resolves the marker for a person reached from the juvenile subgraph', async () => {
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

describe('when the juvenile subgraph cannot be asked', () => {
  it('fails closed: no identity is shown whole to a caller without juvenile:read', async () => {
    await hub.stopSubgraph('juvenile');
    const result = await hub.query(
      `query ($id: ID!) { person(id: $id) { id gender fullName nationalId } }`,
      { token: await token(['narcotics_investigator']), variables: { id: adult.id } },
    );
    expect(JSON.stringify(result.body)).not.toContain(adult.fullName);
    expect(JSON.stringify(result.body)).not.toContain(adult.nationalId);
    expect(result.body.errors?.length).toBeGreaterThan(0);
  });
});
