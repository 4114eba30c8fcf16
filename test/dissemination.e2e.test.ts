/*
 * Row-level dissemination through the real gateway over HTTP (DESIGN §6): RED cases of another
 * agency exist nowhere, YELLOW ones are pointers, GREEN ones are whole — and the database itself
 * refuses the rows to the narcotics runtime role.
 */
import pg from 'pg';

import { databaseContextKeys } from '../platform/keys.js';
import { sqlQueries } from '../platform/metrics.js';
import { externalId, internalId } from '../subgraphs/kit/index.js';

import { withAdmin } from './support/database.js';
import { startTestHub, type TestHub } from './support/hub.js';
import { asRuntimeRole as asRuntimeRoleOf, vouchedFor } from './support/runtime-role.js';

interface CaseRow {
  id: number;
  case_number: string;
  title: string;
  dissemination: 'GREEN' | 'YELLOW' | 'RED';
  owning_agency_code: string;
}

/** The calling agency: it owns some cases, and the others' RED and YELLOW ones are hidden. */
const CALLER = { agency: 'GS-NB', province: 'GS' };
const PURPOSE = 'INVESTIGATION:ND-2026-0001';

let hub: TestHub;
let analyst: string;
let red: CaseRow;
let yellow: CaseRow;
let green: CaseRow;
/** How many cases the caller sees (GREEN, YELLOW, or their own). */
let visible: number;
/** Cases the caller sees in full (GREEN or their own). */
let inFull: Set<number>;
/** A suspect of `red` (also a suspect of a case the caller sees, when there is one). */
let redSuspect: number;
/** Juvenile records (seen by a judicial caller) linked to the red, yellow and green case. */
let records: { red: number; yellow: number; green: number };

const narcoticsDb = () => hub.databases.narcotics ?? '';
const juvenileDb = () => hub.databases.juvenile ?? '';

/** The id clients see for a case row, a person row, a juvenile record row. */
const caseId = (row: { id: number }) => externalId('Case', row.id);
const personId = (id: number) => externalId('Person', id);
const recordId = (id: number) => externalId('JuvenileRecord', id);
/** The case row a client's case id names (undefined for none). */
const caseRow = (id: string) => internalId('Case', id);

async function tokenOf(roles: string[], agency = CALLER.agency): Promise<string> {
  return hub.token({ roles, agency, province: agency.slice(0, 2) });
}

beforeAll(async () => {
  hub = await startTestHub({ seed: true });
  analyst = await tokenOf(['bureau_analyst']);
  const cases = await withAdmin(narcoticsDb(), async (client) => {
    const rows = await client.query<CaseRow & { n: number }>(
      `SELECT c.id, c.case_number, c.title, c.dissemination, c.owning_agency_code,
              (SELECT count(*) FROM narcotics.case_suspects s WHERE s.case_id = c.id)::int AS n
         FROM narcotics.cases c ORDER BY n DESC, c.id`,
    );
    return rows.rows;
  });
  const pick = (dissemination: CaseRow['dissemination']): CaseRow => {
    const found = cases.find(
      (row) => row.dissemination === dissemination && row.owning_agency_code !== CALLER.agency,
    );
    if (!found) {
      throw new Error(`the demo seed has no ${dissemination} case of another agency`);
    }
    return found;
  };
  [red, yellow, green] = [pick('RED'), pick('YELLOW'), pick('GREEN')];
  const mine = (row: CaseRow) => row.owning_agency_code === CALLER.agency;
  visible = cases.filter((row) => row.dissemination !== 'RED' || mine(row)).length;
  inFull = new Set(
    cases.filter((row) => row.dissemination === 'GREEN' || mine(row)).map((row) => row.id),
  );
  redSuspect = await withAdmin(narcoticsDb(), async (client) => {
    const suspect = await client.query<{ person_id: number }>(
      `SELECT person_id FROM narcotics.case_suspects WHERE case_id = $1 ORDER BY id LIMIT 1`,
      [red.id],
    );
    const person = suspect.rows[0]?.person_id ?? 0;
    // Make them a suspect of a case the caller sees too, so their record is not empty.
    await client.query(
      `INSERT INTO narcotics.case_suspects (case_id, person_id, role, added_at)
       VALUES ($1, $2, 'BUYER', now()) ON CONFLICT DO NOTHING`,
      [green.id, person],
    );
    return person;
  });
  records = await withAdmin(juvenileDb(), async (client) => {
    const linked = async (caseId: number) => {
      const row = await client.query<{ id: number }>(
        `INSERT INTO juvenile.juvenile_records (person_id, case_id, date_of_birth, offence_date,
           offence, disposition, sentence_months, recorded_by)
         VALUES ($1, $2, DATE '2009-04-01', DATE '2025-06-01', 'Possession of ketamine',
           'Community correction', 0, 'test') RETURNING id`,
        [redSuspect, caseId],
      );
      return row.rows[0]?.id ?? 0;
    };
    return {
      red: await linked(red.id),
      yellow: await linked(yellow.id),
      green: await linked(green.id),
    };
  });
});

afterAll(() => hub?.stop());

const CASE = /* GraphQL */ `
  query ($id: ID!) {
    case(id: $id) {
      id
      caseNumber
      title
      status
      restricted
    }
  }
`;

describe('a RED case of another agency', () => {
  it('is in no list and no count, before LIMIT', async () => {
    const all = await hub.query<{
      cases: { totalCount: number; edges: { node: { id: string } }[] };
    }>(`{ cases(first: 200) { totalCount edges { node { id } } } }`, {
      token: analyst,
      purpose: PURPOSE,
    });
    expect(all.status).toBe(200);
    const ids = all.body.data?.cases.edges.map((edge) => caseRow(edge.node.id)) ?? [];
    expect(all.body.data?.cases.totalCount).toBe(visible);
    expect(ids).toHaveLength(visible);
    expect(ids.every((id) => id !== undefined)).toBe(true);
    expect(ids).not.toContain(red.id);

    const owners = await hub.query<{ cases: { totalCount: number; edges: unknown[] } }>(
      `query ($a: String) { cases(first: 3, filter: { owningAgency: $a }) {
         totalCount edges { node { id } } } }`,
      { token: analyst, purpose: PURPOSE, variables: { a: red.owning_agency_code } },
    );
    const ofOwner = await withAdmin(narcoticsDb(), (client) =>
      client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM narcotics.cases
          WHERE owning_agency_code = $1 AND dissemination <> 'RED'`,
        [red.owning_agency_code],
      ),
    );
    expect(owners.body.data?.cases.totalCount).toBe(ofOwner.rows[0]?.n);
    expect(owners.body.data?.cases.edges).toHaveLength(Math.min(3, ofOwner.rows[0]?.n ?? 0));
  });

  it('answers by id and by number exactly as an unknown one', async () => {
    const byId = await hub.query(CASE, {
      token: analyst,
      purpose: PURPOSE,
      variables: { id: caseId(red) },
    });
    const unknownId = await hub.query(CASE, {
      token: analyst,
      purpose: PURPOSE,
      variables: { id: caseId({ id: 999999 }) },
    });
    expect(byId.body.data).toEqual({ case: null });
    expect(byId.body.errors).toBeUndefined();
    expect(byId.body).toEqual(unknownId.body);

    const NUMBER = `query ($n: String!) { caseByNumber(caseNumber: $n) { id title } }`;
    const byNumber = await hub.query(NUMBER, {
      token: analyst,
      purpose: PURPOSE,
      variables: { n: red.case_number },
    });
    const unknownNumber = await hub.query(NUMBER, {
      token: analyst,
      purpose: PURPOSE,
      variables: { n: 'ND-2026-9999' },
    });
    expect(byNumber.body).toEqual({ data: { caseByNumber: null } });
    expect(byNumber.body).toEqual(unknownNumber.body);
  });

  it('resolves to null through _entities (a juvenile record linked to it)', async () => {
    const officer = await tokenOf(['juvenile_officer']);
    const result = await hub.query<{
      red: { case: unknown };
      yellow: { case: unknown };
      green: { case: unknown };
    }>(
      `query ($r: ID!, $y: ID!, $g: ID!) {
         red: juvenileRecord(id: $r) { id case { id caseNumber title restricted } }
         yellow: juvenileRecord(id: $y) { id case { id caseNumber title restricted } }
         green: juvenileRecord(id: $g) { id case { id caseNumber title restricted } }
       }`,
      {
        token: officer,
        purpose: 'JUDICIAL:COURT-2026-17',
        variables: {
          r: recordId(records.red),
          y: recordId(records.yellow),
          g: recordId(records.green),
        },
      },
    );
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data).toEqual({
      red: { id: recordId(records.red), case: null },
      yellow: {
        id: recordId(records.yellow),
        case: {
          id: caseId(yellow),
          caseNumber: yellow.case_number,
          title: null,
          restricted: true,
        },
      },
      green: {
        id: recordId(records.green),
        case: {
          id: caseId(green),
          caseNumber: green.case_number,
          title: green.title,
          restricted: false,
        },
      },
    });
  });

  it("is not among a suspect's cases or arrests", async () => {
    const result = await hub.query<{
      person: { suspectIn: { case: { id: string } }[]; arrests: { case: { id: string } }[] };
    }>(
      `query ($id: ID!) { person(id: $id) { id suspectIn { role case { id } } arrests { case { id } } } }`,
      { token: analyst, purpose: PURPOSE, variables: { id: personId(redSuspect) } },
    );
    expect(result.body.errors).toBeUndefined();
    const person = result.body.data?.person;
    const cases = [...(person?.suspectIn ?? []), ...(person?.arrests ?? [])].map((row) =>
      caseRow(row.case.id),
    );
    expect(cases).toContain(green.id);
    expect(cases).not.toContain(red.id);
    expect(cases.every((id) => id !== undefined && inFull.has(id))).toBe(true);
  });

  it('is seen, whole, by its owning agency', async () => {
    const owner = await tokenOf(['bureau_analyst'], red.owning_agency_code);
    const result = await hub.query(CASE, {
      token: owner,
      purpose: PURPOSE,
      variables: { id: caseId(red) },
    });
    expect(result.body.data).toEqual({
      case: expect.objectContaining({ id: caseId(red), title: red.title, restricted: false }),
    });
  });
});

describe('a YELLOW case of another agency', () => {
  const FULL = /* GraphQL */ `
    query ($id: ID!) {
      case(id: $id) {
        id
        caseNumber
        dissemination
        restricted
        owningAgency {
          code
          name
          contact
        }
        title
        status
        province
        openedAt
        closedAt
        ring {
          id
          name
        }
        suspects {
          role
          person {
            id
            fullName
          }
        }
        seizures {
          drugType
          weightGrams
          seizedAt
          place
        }
        arrests {
          id
        }
        labs {
          id
        }
      }
    }
  `;

  it('shows only the pointer: existence, case number and the owning agency to ask', async () => {
    const result = await hub.query<{ case: Record<string, unknown> }>(FULL, {
      token: analyst,
      purpose: PURPOSE,
      variables: { id: caseId(yellow) },
    });
    expect(result.status).toBe(200);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.case).toEqual({
      id: caseId(yellow),
      caseNumber: yellow.case_number,
      dissemination: 'YELLOW',
      restricted: true,
      owningAgency: {
        code: yellow.owning_agency_code,
        name: expect.any(String),
        contact: expect.stringContaining('@'),
      },
      title: null,
      status: null,
      province: null,
      openedAt: null,
      closedAt: null,
      ring: null,
      suspects: null,
      seizures: null,
      arrests: null,
      labs: null,
    });
  });

  it('is the same pointer in lists and by number', async () => {
    const list = await hub.query<{
      cases: { edges: { node: { id: string; title: string | null; suspects: unknown } }[] };
    }>(
      `query ($a: String) { cases(first: 100, filter: { owningAgency: $a }) {
         edges { node { id title restricted suspects { role } } } } }`,
      { token: analyst, purpose: PURPOSE, variables: { a: yellow.owning_agency_code } },
    );
    expect(list.body.errors).toBeUndefined();
    expect(list.body.data?.cases.edges.map((edge) => edge.node)).toContainEqual({
      id: caseId(yellow),
      title: null,
      restricted: true,
      suspects: null,
    });
    const byNumber = await hub.query(
      `query ($n: String!) { caseByNumber(caseNumber: $n) { id title restricted } }`,
      { token: analyst, purpose: PURPOSE, variables: { n: yellow.case_number } },
    );
    expect(byNumber.body.data).toEqual({
      caseByNumber: { id: caseId(yellow), title: null, restricted: true },
    });
  });

  it('is found by no word of its title, only by its number', async () => {
    const word = yellow.title.split(/[^A-Za-z]+/).find((w) => w.length > 3) ?? yellow.title;
    const SEARCH = `query ($s: String) { cases(first: 200, filter: { search: $s }) {
      edges { node { id } } } }`;
    const byTitle = await hub.query<{ cases: { edges: { node: { id: string } }[] } }>(SEARCH, {
      token: analyst,
      purpose: PURPOSE,
      variables: { s: word },
    });
    expect(byTitle.body.data?.cases.edges.map((edge) => edge.node.id)).not.toContain(
      caseId(yellow),
    );
    const byNumber = await hub.query<{ cases: { edges: { node: { id: string } }[] } }>(SEARCH, {
      token: analyst,
      purpose: PURPOSE,
      variables: { s: yellow.case_number },
    });
    expect(byNumber.body.data?.cases.edges).toEqual([{ node: { id: caseId(yellow) } }]);
  });

  it('is seen whole by its owning agency', async () => {
    const owner = await tokenOf(['narcotics_investigator'], yellow.owning_agency_code);
    const result = await hub.query<{ case: Record<string, unknown> & { suspects: unknown[] } }>(
      FULL,
      { token: owner, purpose: PURPOSE, variables: { id: caseId(yellow) } },
    );
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?.case).toMatchObject({
      title: yellow.title,
      status: expect.any(String),
      province: expect.any(String),
      openedAt: expect.any(String),
      restricted: false,
    });
    expect(result.body.data?.case.suspects.length).toBeGreaterThan(0);
  });
});

describe('a GREEN case', () => {
  it('is seen whole by every agency', async () => {
    for (const agency of [CALLER.agency, green.owning_agency_code, 'YN-NB']) {
      const token = await tokenOf(['bureau_analyst'], agency);
      const result = await hub.query<{
        case: { title: string; restricted: boolean; suspects: unknown[] };
      }>(`query ($id: ID!) { case(id: $id) { title restricted suspects { role } } }`, {
        token,
        variables: { id: caseId(green) },
      });
      expect(result.body.data?.case).toMatchObject({ title: green.title, restricted: false });
      expect(result.body.data?.case.suspects.length).toBeGreaterThan(0);
    }
  });
});

describe('the narcotics database itself', () => {
  /** As the runtime role, vouched for `agency` by the gateway's real key (or by nobody). */
  async function asRuntimeRole<T>(
    agency: string | undefined,
    work: (client: pg.Client) => Promise<T>,
  ): Promise<T> {
    const key = (await databaseContextKeys(hub.config, 'narcotics')).current;
    const settings = agency === undefined ? {} : vouchedFor('narcotics', key, { agency });
    return asRuntimeRoleOf(narcoticsDb(), 'narcotics', settings, work);
  }

  it('refuses RED rows of another agency to the runtime role, with no application code', async () => {
    await asRuntimeRole(CALLER.agency, async (client) => {
      const cases = await client.query<{ id: number }>(
        `SELECT id FROM narcotics.cases WHERE id = ANY($1::int[]) ORDER BY id`,
        [[red.id, yellow.id, green.id]],
      );
      expect(cases.rows.map((row) => row.id).sort()).toEqual([yellow.id, green.id].sort());
      const all = await client.query<{ red: number }>(
        `SELECT count(*) FILTER (WHERE dissemination = 'RED'
           AND owning_agency_code IS DISTINCT FROM $1)::int AS red FROM narcotics.cases`,
        [CALLER.agency],
      );
      expect(all.rows[0]?.red).toBe(0);
      const children = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM narcotics.case_suspects WHERE case_id = ANY($1::int[])`,
        [[red.id, yellow.id]],
      );
      expect(children.rows[0]?.n).toBe(0);
    });
    await asRuntimeRole(undefined, async (client) => {
      const cases = await client.query(`SELECT id FROM narcotics.cases`);
      expect(cases.rowCount).toBe(0);
    });
    await asRuntimeRole(red.owning_agency_code, async (client) => {
      const cases = await client.query(`SELECT id FROM narcotics.cases WHERE id = $1`, [red.id]);
      expect(cases.rowCount).toBe(1);
    });
  });
});

describe('statements per request through the gateway', () => {
  it('stay constant for a case of 500 suspects', async () => {
    const crowd = (size: number, caseNumber: string) =>
      withAdmin(narcoticsDb(), async (client) => {
        const opened = await client.query<{ id: number }>(
          `INSERT INTO narcotics.cases (case_number, title, status, province, dissemination,
             owning_agency_code, opened_at)
           VALUES ($1, 'A crowded room', 'OPEN', 'SN', 'GREEN', 'SN-NB', now()) RETURNING id`,
          [caseNumber],
        );
        const id = opened.rows[0]?.id ?? 0;
        await client.query(
          `WITH people AS (
             INSERT INTO narcotics.persons (full_name, gender, date_of_birth)
             SELECT 'Crowd Member ' || i, 'MALE', DATE '2000-01-01' + i
               FROM generate_series(1, $2::int) i
             RETURNING id)
           INSERT INTO narcotics.case_suspects (case_id, person_id, role, added_at)
           SELECT $1, id, 'USER', now() FROM people`,
          [id, size],
        );
        return id;
      });
    const small = await crowd(2, 'ND-2026-7502');
    const crowded = await crowd(500, 'ND-2026-7500');
    const investigator = await tokenOf(['narcotics_investigator']);
    const statements = async (id: number) => {
      const total = async () =>
        (await sqlQueries.get()).values.find((v) => v.labels.subgraph === 'narcotics')?.value ?? 0;
      const before = await total();
      const result = await hub.query<{ case: { suspects: unknown[] } }>(
        `query ($id: ID!) { case(id: $id) { title restricted suspects { role
           person { id fullName nationalId dateOfBirth birthYear identityMasked
             suspectIn { case { caseNumber restricted } } } } } }`,
        { token: investigator, purpose: PURPOSE, variables: { id: caseId({ id }) } },
      );
      expect(result.body.errors).toBeUndefined();
      return { count: (await total()) - before, suspects: result.body.data?.case.suspects.length };
    };
    const few = await statements(small);
    const many = await statements(crowded);
    expect(many.suspects).toBe(500);
    expect(many.count).toBe(few.count);
    expect(many.count).toBeLessThanOrEqual(16);
  });
});
