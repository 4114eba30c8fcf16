/**
 * Row-level dissemination (DESIGN §6): GREEN cases in full for everyone, YELLOW ones of another
 * agency as a pointer only, RED ones of another agency not at all — on every path, with the
 * database itself refusing the rows to the runtime role.
 */
import pg from 'pg';

import { sqlQueries } from '../../platform/metrics.js';
import { withAdmin } from '../../test/support/database.js';
import { asRuntimeRole as asRuntimeRoleOf, vouchedFor } from '../../test/support/runtime-role.js';
import {
  startTestSubgraph,
  type CallerOptions,
  type TestSubgraph,
} from '../../test/support/subgraph.js';
import { externalId, internalId, openCursor } from '../kit/index.js';

import { POINTER_FIELDS } from './rules.js';

import { narcoticsSubgraph } from './index.js';

interface CaseRow {
  id: number;
  case_number: string;
  title: string;
  status: string;
  province: string;
  dissemination: 'GREEN' | 'YELLOW' | 'RED';
  owning_agency_code: string;
  ring_id: number | null;
  opened_at: Date;
}

interface Seeded {
  /** The calling agency of most tests. */
  outsider: string;
  red: CaseRow;
  yellow: CaseRow;
  green: CaseRow;
  /** Cases the outsider sees: not RED, or their own. */
  visible: number;
  /** Cases the outsider sees in full: GREEN, or their own. */
  inFull: Set<number>;
  /** A person who is a suspect in `red`. */
  redSuspect: number;
}

const OUTSIDER = 'GS-NB';

let subgraph: TestSubgraph;
let seeded: Seeded;

const as = (agency: string, extra: CallerOptions = {}): CallerOptions => ({
  roles: ['narcotics_investigator'],
  agency,
  province: agency.slice(0, 2),
  ...extra,
});
const outsider = (extra: CallerOptions = {}) => as(OUTSIDER, extra);
/** The id clients see for a case row. */
const caseId = (row: CaseRow | number) =>
  externalId('Case', typeof row === 'number' ? row : row.id);
/** The database id behind a case id a client saw. */
const rowOf = (id: string) => internalId('Case', id) ?? Number.NaN;

beforeAll(async () => {
  subgraph = await startTestSubgraph(narcoticsSubgraph, { seed: true });
  seeded = await withAdmin(subgraph.database.url, async (client) => {
    const cases = (
      await client.query<CaseRow>(
        `SELECT c.*, (SELECT count(*) FROM narcotics.seizures s WHERE s.case_id = c.id) AS n
           FROM narcotics.cases c ORDER BY n DESC, c.id`,
      )
    ).rows;
    const pick = (dissemination: CaseRow['dissemination']) => {
      const found = cases.find(
        (row) => row.dissemination === dissemination && row.owning_agency_code !== OUTSIDER,
      );
      if (!found) {
        throw new Error(`the demo seed has no ${dissemination} case of another agency`);
      }
      return found;
    };
    const red = pick('RED');
    const suspect = await client.query<{ person_id: number }>(
      'SELECT person_id FROM narcotics.case_suspects WHERE case_id = $1 ORDER BY id LIMIT 1',
      [red.id],
    );
    const mine = (row: CaseRow) => row.owning_agency_code === OUTSIDER;
    return {
      outsider: OUTSIDER,
      red,
      yellow: pick('YELLOW'),
      green: pick('GREEN'),
      visible: cases.filter((row) => row.dissemination !== 'RED' || mine(row)).length,
      inFull: new Set(
        cases.filter((row) => row.dissemination === 'GREEN' || mine(row)).map((row) => row.id),
      ),
      redSuspect: suspect.rows[0]?.person_id ?? 0,
    };
  });
});

afterAll(async () => {
  await subgraph?.stop();
});

const CASE_BY_ID = /* GraphQL */ `
  query ($id: ID!) {
    case(id: $id) {
      id
      caseNumber
      title
      restricted
    }
  }
`;

describe('a RED case of another agency', () => {
  it('answers by id exactly as an unknown id', async () => {
    const red = await subgraph.query(
      CASE_BY_ID,
      outsider({ variables: { id: caseId(seeded.red) } }),
    );
    const unknown = await subgraph.query(
      CASE_BY_ID,
      outsider({ variables: { id: caseId(999999) } }),
    );

    expect(red.body).toEqual({ data: { case: null } });
    expect(red.body).toEqual(unknown.body);
  });

  it('answers by case number exactly as an unknown number', async () => {
    const query = `query ($n: String!) { caseByNumber(caseNumber: $n) { id } }`;
    const red = await subgraph.query(query, outsider({ variables: { n: seeded.red.case_number } }));
    const unknown = await subgraph.query(query, outsider({ variables: { n: 'ND-2026-9999' } }));

    expect(red.body).toEqual({ data: { caseByNumber: null } });
    expect(red.body).toEqual(unknown.body);
  });

  it('is left out of lists before LIMIT, and out of totals', async () => {
    const all = await subgraph.query<{
      cases: { totalCount: number; edges: { node: { id: string; dissemination: string } }[] };
    }>(`{ cases(first: 200) { totalCount edges { node { id dissemination } } } }`, outsider());
    const ids = all.body.data?.cases.edges.map((edge) => edge.node.id) ?? [];
    expect(all.body.data?.cases.totalCount).toBe(seeded.visible);
    expect(ids).toHaveLength(seeded.visible);
    expect(ids).not.toContain(caseId(seeded.red));
    expect(ids.map(rowOf)).not.toContain(seeded.red.id);

    const ten = await subgraph.query<{ cases: { edges: unknown[] } }>(
      `{ cases(first: 10, filter: { owningAgency: "${seeded.red.owning_agency_code}" }) {
           edges { node { id } } } }`,
      outsider(),
    );
    const ownerCases = await withAdmin(subgraph.database.url, (client) =>
      client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM narcotics.cases
          WHERE owning_agency_code = $1 AND dissemination <> 'RED'`,
        [seeded.red.owning_agency_code],
      ),
    );
    expect(ten.body.data?.cases.edges).toHaveLength(Math.min(10, ownerCases.rows[0]?.n ?? 0));
  });

  it('resolves to null through _entities', async () => {
    const result = await subgraph.query<{ _entities: unknown[] }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Case { id title } } }`,
      outsider({
        variables: {
          r: [
            { __typename: 'Case', id: caseId(seeded.red) },
            { __typename: 'Case', id: caseId(seeded.green) },
          ],
        },
      }),
    );

    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?._entities).toEqual([
      null,
      { id: caseId(seeded.green), title: seeded.green.title },
    ]);
    expect(JSON.stringify(result.body.extensions)).toContain(caseId(seeded.green));
    expect(JSON.stringify(result.body.extensions)).not.toContain(caseId(seeded.red));
    expect(JSON.stringify(result.body.extensions)).not.toContain(`"${seeded.red.id}"`);
  });

  it("is left out of a suspect's cases and arrests", async () => {
    const result = await subgraph.query<{
      person: { suspectIn: { case: { id: string } }[]; arrests: { case: { id: string } }[] };
    }>(
      `query ($id: ID!) { person(id: $id) {
         suspectIn { case { id } } arrests { case { id } } } }`,
      outsider({ variables: { id: externalId('Person', seeded.redSuspect) } }),
    );
    const person = result.body.data?.person;
    expect(person).toBeDefined();
    expect(person).not.toBeNull();
    const cases = [...(person?.suspectIn ?? []), ...(person?.arrests ?? [])].map((s) =>
      rowOf(s.case.id),
    );
    expect(cases).not.toContain(seeded.red.id);
    expect(cases.every((id) => seeded.inFull.has(id))).toBe(true);
  });

  it('is seen in full by its owning agency', async () => {
    const result = await subgraph.query(
      CASE_BY_ID,
      as(seeded.red.owning_agency_code, { variables: { id: caseId(seeded.red) } }),
    );
    expect(result.body.data).toEqual({
      case: {
        id: caseId(seeded.red),
        caseNumber: seeded.red.case_number,
        title: seeded.red.title,
        restricted: false,
      },
    });
  });
});

describe('a YELLOW case of another agency', () => {
  /** Every field of Case, objects reduced to their __typename. */
  async function everyCaseField(): Promise<{ names: string[]; selection: string }> {
    const result = await subgraph.query<{
      __type: { fields: { name: string; type: { kind: string; ofType: unknown } }[] };
    }>(
      `{ __type(name: "Case") { fields { name type { kind ofType { kind ofType { kind ofType {
           kind ofType { kind } } } } } } } }`,
      outsider(),
    );
    const fields = result.body.data?.__type.fields ?? [];
    const leafKinds = new Set(['SCALAR', 'ENUM']);
    const innermost = (type: { kind: string; ofType?: unknown }): string =>
      type.ofType ? innermost(type.ofType as { kind: string; ofType?: unknown }) : type.kind;
    return {
      names: fields.map((field) => field.name),
      selection: fields
        .map((f) => (leafKinds.has(innermost(f.type)) ? f.name : `${f.name} { __typename }`))
        .join(' '),
    };
  }

  it('shows only the pointer: existence, number, code, owning agency — every other field null', async () => {
    const { names, selection } = await everyCaseField();
    const result = await subgraph.query<{ case: Record<string, unknown> }>(
      `query ($id: ID!) { case(id: $id) { ${selection} } }`,
      outsider({ variables: { id: caseId(seeded.yellow) } }),
    );

    expect(result.body.errors).toBeUndefined();
    const pointer = result.body.data?.case ?? {};
    expect(names.length).toBeGreaterThan(POINTER_FIELDS.size + 5);
    for (const name of names) {
      if (!POINTER_FIELDS.has(name)) {
        expect([name, pointer[name]]).toEqual([name, null]);
      }
    }
    expect(pointer).toMatchObject({
      id: caseId(seeded.yellow),
      caseNumber: seeded.yellow.case_number,
      dissemination: 'YELLOW',
      restricted: true,
      owningAgency: { __typename: 'Agency' },
    });
  });

  it('names the owning agency and how to reach it', async () => {
    const result = await subgraph.query(
      `query ($n: String!) { caseByNumber(caseNumber: $n) {
         caseNumber restricted owningAgency { code name contact } } }`,
      outsider({ variables: { n: seeded.yellow.case_number.toLowerCase() } }),
    );
    expect(result.body.data).toEqual({
      caseByNumber: {
        caseNumber: seeded.yellow.case_number,
        restricted: true,
        owningAgency: {
          code: seeded.yellow.owning_agency_code,
          name: expect.any(String),
          contact: expect.stringContaining('@'),
        },
      },
    });
  });

  it('is the same pointer through lists and _entities', async () => {
    const list = await subgraph.query<{
      cases: { edges: { node: { id: string; title: string | null; restricted: boolean } }[] };
    }>(
      `query ($a: String) { cases(first: 200, filter: { owningAgency: $a }) {
         edges { node { id title restricted suspects { role } } } } }`,
      outsider({ variables: { a: seeded.yellow.owning_agency_code } }),
    );
    expect(list.body.data?.cases.edges.map((edge) => edge.node)).toContainEqual({
      id: caseId(seeded.yellow),
      title: null,
      restricted: true,
      suspects: null,
    });

    const entities = await subgraph.query<{ _entities: unknown[] }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) {
         ... on Case { id caseNumber title status openedAt restricted seizures { id } } } }`,
      outsider({ variables: { r: [{ __typename: 'Case', id: caseId(seeded.yellow) }] } }),
    );
    expect(entities.body.data?._entities).toEqual([
      {
        id: caseId(seeded.yellow),
        caseNumber: seeded.yellow.case_number,
        title: null,
        status: null,
        openedAt: null,
        restricted: true,
        seizures: null,
      },
    ]);
  });

  it('is matched by no filter on a field it withholds, only by its number and owner', async () => {
    const { yellow } = seeded;
    const word = yellow.title.split(/[^A-Za-z]+/).find((w) => w.length > 3) ?? yellow.title;
    const filters: Record<string, unknown>[] = [
      { search: word },
      { status: yellow.status },
      { province: yellow.province },
      { openedFrom: yellow.opened_at.toISOString(), openedTo: yellow.opened_at.toISOString() },
      ...(yellow.ring_id ? [{ ringId: externalId('DrugRing', yellow.ring_id) }] : []),
    ];
    const ids = async (filter: Record<string, unknown>, caller: CallerOptions) => {
      const result = await subgraph.query<{ cases: { edges: { node: { id: string } }[] } }>(
        `query ($f: CaseFilter) { cases(first: 200, filter: $f) { edges { node { id } } } }`,
        { ...caller, variables: { f: filter } },
      );
      expect(result.body.errors).toBeUndefined();
      return result.body.data?.cases.edges.map((edge) => edge.node.id) ?? [];
    };
    const id = caseId(yellow);
    const owner = as(yellow.owning_agency_code);
    for (const filter of filters) {
      const seenBy = async (caller: CallerOptions) => (await ids(filter, caller)).includes(id);
      expect({ filter, outsider: await seenBy(outsider()), owner: await seenBy(owner) }).toEqual({
        filter,
        outsider: false,
        owner: true,
      });
    }
    expect(await ids({ search: yellow.case_number }, outsider())).toEqual([id]);
    expect(await ids({ owningAgency: yellow.owning_agency_code }, outsider())).toContain(id);
  });

  it('gets a cursor that names the row and carries no opening date', async () => {
    const result = await subgraph.query<{
      cases: { edges: { cursor: string; node: { id: string } }[] };
    }>(`{ cases(first: 200) { edges { cursor node { id } } } }`, outsider());
    const edge = result.body.data?.cases.edges.find((e) => e.node.id === caseId(seeded.yellow));
    expect(edge).toBeTruthy();
    // Sealed, so not even the row's id can be read from it; inside, the row's id alone.
    expect(() =>
      JSON.parse(Buffer.from(edge?.cursor ?? '', 'base64url').toString('utf8')),
    ).toThrow();
    expect(openCursor(edge?.cursor ?? '')).toMatchObject({ values: [seeded.yellow.id] });
  });

  it('is seen in full by its owning agency', async () => {
    const result = await subgraph.query<{ case: Record<string, unknown> }>(
      `query ($id: ID!) { case(id: $id) { title status openedAt restricted
         suspects { person { id } } seizures { weightGrams } } }`,
      as(seeded.yellow.owning_agency_code, { variables: { id: caseId(seeded.yellow) } }),
    );
    expect(result.body.data?.case).toMatchObject({
      title: seeded.yellow.title,
      status: seeded.yellow.status,
      openedAt: seeded.yellow.opened_at.toISOString(),
      restricted: false,
    });
    expect((result.body.data?.case.suspects as unknown[]).length).toBeGreaterThan(0);
    expect((result.body.data?.case.seizures as unknown[]).length).toBeGreaterThan(0);
  });

  it('refuses writes with FORBIDDEN naming the owner; a RED case is NOT_FOUND', async () => {
    const mutation = `mutation ($c: ID!) { recordSeizure(input: { caseId: $c, drugType: "Heroin",
      weightGrams: 1.5, seizedAt: "2026-05-01T00:00:00Z", place: "Lanzhou, car park" }) { id } }`;
    const yellow = await subgraph.query(
      mutation,
      outsider({ variables: { c: caseId(seeded.yellow) } }),
    );
    const red = await subgraph.query(mutation, outsider({ variables: { c: caseId(seeded.red) } }));

    expect(yellow.body.errors?.[0]).toMatchObject({
      message: expect.stringContaining(seeded.yellow.owning_agency_code),
      extensions: { code: 'FORBIDDEN' },
    });
    expect(red.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(red.body.errors?.[0]?.message).not.toContain(seeded.red.case_number);
    // Exactly as for a case that does not exist: the error names only the id the caller sent.
    const unknown = await subgraph.query(mutation, outsider({ variables: { c: caseId(999999) } }));
    expect(JSON.stringify(red.body).replaceAll(caseId(seeded.red), '<id>')).toBe(
      JSON.stringify(unknown.body).replaceAll(caseId(999999), '<id>'),
    );
  });
});

describe('a GREEN case of another agency', () => {
  it('is seen in full, and takes seizures recorded by other agencies', async () => {
    const result = await subgraph.query<{ case: { title: string; restricted: boolean } }>(
      CASE_BY_ID,
      outsider({ variables: { id: caseId(seeded.green) } }),
    );
    expect(result.body.data?.case).toMatchObject({ title: seeded.green.title, restricted: false });

    const seizure = await subgraph.query(
      `mutation ($c: ID!) { recordSeizure(input: { caseId: $c, drugType: "Ketamine",
         weightGrams: 2, seizedAt: "2026-05-01T00:00:00Z", place: "Lanzhou, KTV private room" }) {
         id case { id restricted } } }`,
      outsider({ variables: { c: caseId(seeded.green) } }),
    );
    expect(seizure.body.errors).toBeUndefined();
    expect(seizure.body.data).toMatchObject({
      recordSeizure: { case: { id: caseId(seeded.green), restricted: false } },
    });
  });
});

describe('ids clients send', () => {
  it('name no case by its database id or by the id of another type, even one seen in full', async () => {
    const { green } = seeded;
    const shown = await subgraph.query(CASE_BY_ID, outsider({ variables: { id: caseId(green) } }));
    expect(shown.body.data).toMatchObject({ case: { id: caseId(green), title: green.title } });
    for (const id of [
      String(green.id),
      externalId('Person', green.id),
      externalId('DrugRing', green.id),
      externalId('JuvenileRecord', green.id),
    ]) {
      const result = await subgraph.query(CASE_BY_ID, outsider({ variables: { id } }));
      expect([id, result.body]).toEqual([id, { data: { case: null } }]);
    }
    const entities = await subgraph.query<{ _entities: unknown[] }>(
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Case { title } } }`,
      outsider({
        variables: {
          r: [
            { __typename: 'Case', id: String(green.id) },
            { __typename: 'Case', id: externalId('Person', green.id) },
          ],
        },
      }),
    );
    expect(entities.body.errors).toBeUndefined();
    expect(entities.body.data?._entities).toEqual([null, null]);
  });

  it('name no person by its database id or by the id of a case', async () => {
    const PERSON = `query ($id: ID!) { person(id: $id) { id } }`;
    const id = seeded.redSuspect;
    const shown = await subgraph.query(
      PERSON,
      outsider({ variables: { id: externalId('Person', id) } }),
    );
    expect(shown.body.data).toEqual({ person: { id: externalId('Person', id) } });
    for (const other of [String(id), externalId('Case', id)]) {
      const result = await subgraph.query(PERSON, outsider({ variables: { id: other } }));
      expect([other, result.body]).toEqual([other, { data: { person: null } }]);
    }
  });

  it('refuse a write naming a case by its database id or the id of another type, writing nothing', async () => {
    const { green } = seeded;
    const mutation = `mutation ($c: ID!) { recordSeizure(input: { caseId: $c, drugType: "Heroin",
      weightGrams: 3.25, seizedAt: "2026-05-01T00:00:00Z", place: "Lanzhou, id probe" }) { id } }`;
    for (const c of [String(green.id), externalId('Person', green.id)]) {
      const result = await subgraph.query(mutation, outsider({ variables: { c } }));
      expect([c, result.body.errors?.[0]]).toEqual([
        c,
        expect.objectContaining({
          message: 'caseId: must be the id of a Case',
          extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }),
        }),
      ]);
    }
    const written = await withAdmin(subgraph.database.url, (client) =>
      client.query(`SELECT 1 FROM narcotics.seizures WHERE place = 'Lanzhou, id probe'`),
    );
    expect(written.rowCount).toBe(0);
  });
});

describe('what hangs off cases', () => {
  it('sums only seizures of cases seen in full', async () => {
    const expected = await withAdmin(subgraph.database.url, (client) =>
      client.query<{ grams: string; n: number }>(
        `SELECT sum(s.weight_grams)::text AS grams, count(*)::int AS n
           FROM narcotics.seizures s JOIN narcotics.cases c ON c.id = s.case_id
          WHERE c.dissemination = 'GREEN' OR c.owning_agency_code = $1`,
        [OUTSIDER],
      ),
    );
    const result = await subgraph.query<{
      seizureTotals: { totalGrams: number; seizures: number }[];
    }>(`{ seizureTotals { totalGrams seizures } }`, outsider());
    const totals = result.body.data?.seizureTotals ?? [];
    expect(totals.reduce((n, t) => n + t.seizures, 0)).toBe(expected.rows[0]?.n);
    expect(totals.reduce((g, t) => g + t.totalGrams, 0)).toBeCloseTo(
      Number(expected.rows[0]?.grams),
      2,
    );
  });

  it('lists under a ring, and shows labs of, only cases seen in full', async () => {
    const result = await subgraph.query<{
      rings: { edges: { node: { cases: { id: string; restricted: boolean }[] } }[] };
      labs: { edges: { node: { case: { id: string } | null } }[] };
    }>(
      `{ rings(first: 200) { edges { node { cases { id restricted } } } }
         labs(first: 200) { edges { node { case { id } } } } }`,
      outsider(),
    );
    const ringCases = result.body.data?.rings.edges.flatMap((edge) => edge.node.cases) ?? [];
    expect(ringCases.length).toBeGreaterThan(0);
    expect(ringCases.every((c) => seeded.inFull.has(rowOf(c.id)) && !c.restricted)).toBe(true);
    const labCases = result.body.data?.labs.edges.flatMap((e) =>
      e.node.case ? [e.node.case] : [],
    );
    expect(labCases?.every((c) => seeded.inFull.has(rowOf(c.id)))).toBe(true);
  });
});

describe('the database itself', () => {
  /** The runtime role with only its password, and `settings` set as any session may. */
  const asRuntimeRole = <T>(
    settings: Record<string, string>,
    work: (client: pg.Client) => Promise<T>,
  ): Promise<T> => asRuntimeRoleOf(subgraph.database.url, 'narcotics', settings, work);
  /** The setting a request the gateway vouched for carries (agency `agency`). */
  const vouched = (agency: string) =>
    vouchedFor('narcotics', subgraph.databaseKey ?? Buffer.alloc(0), { agency });

  const count = async (client: pg.Client, sql: string, params: unknown[]) =>
    (await client.query<{ n: number }>(sql, params)).rows[0]?.n;

  it('runs the hub as a role that is neither superuser, nor owner, nor exempt from RLS', async () => {
    const facts = await asRuntimeRole({}, (client) =>
      client.query(
        `SELECT r.rolsuper, r.rolbypassrls,
                bool_or(t.tableowner = current_user) AS owns_any,
                bool_and(c.relrowsecurity AND c.relforcerowsecurity) AS forced
           FROM pg_roles r, pg_tables t
           JOIN pg_class c ON c.oid = format('%I.%I', t.schemaname, t.tablename)::regclass
          WHERE r.rolname = current_user AND t.schemaname = 'narcotics'
            AND t.tablename IN ('cases', 'case_suspects', 'seizures', 'arrests', 'labs')
          GROUP BY r.rolsuper, r.rolbypassrls`,
      ),
    );
    expect(facts.rows).toEqual([
      { rolsuper: false, rolbypassrls: false, owns_any: false, forced: true },
    ]);
  });

  it('refuses a RED row of another agency, and the children of any case not seen in full', async () => {
    const { red, yellow, green } = seeded;
    const caseSql = 'SELECT count(*)::int AS n FROM narcotics.cases WHERE id = $1';
    const childSql = `SELECT (SELECT count(*) FROM narcotics.case_suspects WHERE case_id = $1)
                           + (SELECT count(*) FROM narcotics.seizures WHERE case_id = $1)
                           + (SELECT count(*) FROM narcotics.arrests WHERE case_id = $1) AS n`;
    await asRuntimeRole(vouched(OUTSIDER), async (client) => {
      expect(await count(client, caseSql, [red.id])).toBe(0);
      expect(await count(client, caseSql, [yellow.id])).toBe(1);
      expect(Number(await count(client, childSql, [red.id]))).toBe(0);
      expect(Number(await count(client, childSql, [yellow.id]))).toBe(0);
      expect(Number(await count(client, childSql, [green.id]))).toBeGreaterThan(0);
    });
    await asRuntimeRole(vouched(red.owning_agency_code), async (client) => {
      expect(await count(client, caseSql, [red.id])).toBe(1);
      expect(Number(await count(client, childSql, [red.id]))).toBeGreaterThan(0);
    });
    // Settings a session sets itself vouch for nobody: not even GREEN rows exist for it.
    const selfSet: Record<string, string>[] = [
      {},
      { 'hub.agency': red.owning_agency_code },
      { 'hub.agency': '' },
    ];
    for (const settings of selfSet) {
      await asRuntimeRole(settings, async (client) => {
        for (const id of [red.id, yellow.id, green.id]) {
          expect([id, await count(client, caseSql, [id])]).toEqual([id, 0]);
          expect([id, Number(await count(client, childSql, [id]))]).toEqual([id, 0]);
        }
      });
    }
  });

  it('refuses writes the caller may not make', async () => {
    const settings = vouched(OUTSIDER);
    await asRuntimeRole(settings, async (client) => {
      await expect(
        client.query(
          `INSERT INTO narcotics.cases (case_number, title, status, province, dissemination,
             owning_agency_code, opened_at) VALUES ('ND-2026-8888', 'Not mine', 'OPEN', 'SN',
             'GREEN', $1, now())`,
          [seeded.red.owning_agency_code],
        ),
      ).rejects.toMatchObject({ code: '42501' });
    });
    await asRuntimeRole(settings, async (client) => {
      await expect(
        client.query(
          `INSERT INTO narcotics.seizures (case_id, drug_type, weight_grams, seized_at, place,
             province) VALUES ($1, 'Heroin', 1, now(), 'x', 'GS')`,
          [seeded.yellow.id],
        ),
      ).rejects.toMatchObject({ code: '42501' });
    });
    await asRuntimeRole(settings, async (client) => {
      const updated = await client.query(
        `UPDATE narcotics.cases SET dissemination = 'GREEN' WHERE id = ANY($1::int[])`,
        [[seeded.red.id, seeded.yellow.id]],
      );
      expect(updated.rowCount).toBe(0);
      const deleted = await client.query('DELETE FROM narcotics.seizures WHERE case_id = $1', [
        seeded.green.id,
      ]);
      expect(deleted.rowCount).toBe(0);
    });
  });
});

describe('statements per request', () => {
  async function statementsFor(query: string, caller: CallerOptions): Promise<number> {
    const total = async () =>
      (await sqlQueries.get()).values.find((v) => v.labels.subgraph === 'narcotics')?.value ?? 0;
    const before = await total();
    const result = await subgraph.query(query, caller);
    expect(result.body.errors).toBeUndefined();
    return (await total()) - before;
  }

  it('do not grow with 500 suspects, nor with pointers in the list', async () => {
    const crowd = (size: number, caseNumber: string) =>
      withAdmin(subgraph.database.url, async (client) => {
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
    const small = await crowd(2, 'ND-2026-5002');
    const crowded = await crowd(500, 'ND-2026-5000');
    const suspects = (id: number) => /* GraphQL */ `{
      case(id: "${caseId(id)}") { title restricted owningAgency { name }
        suspects { role case { id } person { id fullName gender birthYear
          suspectIn { case { caseNumber } } arrests { id } } } } }`;
    const few = await statementsFor(suspects(small), outsider());
    const many = await statementsFor(suspects(crowded), outsider());
    expect(many).toBe(few);
    expect(many).toBeLessThanOrEqual(12);

    const list = (first: number) => /* GraphQL */ `{ cases(first: ${first}) { totalCount
      edges { node { title restricted owningAgency { contact } ring { name }
        suspects { person { fullName } } seizures { weightGrams } labs { city } } } } }`;
    expect(await statementsFor(list(60), outsider())).toBe(
      await statementsFor(list(20), outsider()),
    );
  });
});

describe('case numbers: unique per owning agency, never a probe', () => {
  const OPEN = /* GraphQL */ `
    mutation ($n: String!, $d: Dissemination!, $at: DateTimeISO) {
      openCase(input: { caseNumber: $n, title: "Probe", dissemination: $d, openedAt: $at }) {
        id
        caseNumber
        owningAgency {
          code
        }
      }
    }
  `;
  type Opened = { openCase: { id: string; caseNumber: string; owningAgency: { code: string } } };
  const BY_NUMBER = /* GraphQL */ `
    query ($n: String!, $a: String) {
      caseByNumber(caseNumber: $n, owningAgency: $a) {
        id
        caseNumber
        owningAgency {
          code
        }
      }
    }
  `;

  /** A third agency of the seed (neither the outsider nor the owner of `yellow`). */
  async function thirdAgency(): Promise<string> {
    const rows = await withAdmin(subgraph.database.url, (client) =>
      client.query<{ code: string }>(
        'SELECT code FROM narcotics.agencies WHERE code <> ALL($1::text[]) ORDER BY code LIMIT 1',
        [[OUTSIDER, seeded.yellow.owning_agency_code]],
      ),
    );
    return rows.rows[0]?.code ?? '';
  }

  it("opens a case under another agency's hidden number exactly as under a free one", async () => {
    const hidden = await subgraph.query<Opened>(
      OPEN,
      outsider({ variables: { n: seeded.red.case_number, d: 'GREEN' } }),
    );
    const free = await subgraph.query<Opened>(
      OPEN,
      outsider({ variables: { n: 'ND-2026-424242', d: 'GREEN' } }),
    );
    expect(hidden.body.errors).toBeUndefined();
    expect(free.body.errors).toBeUndefined();
    expect(hidden.body.data?.openCase).toMatchObject({
      caseNumber: seeded.red.case_number,
      owningAgency: { code: OUTSIDER },
    });
    expect(hidden.body.data?.openCase.id).not.toBe(caseId(seeded.red));
  });

  it("refuses only the caller's own agency's number, saying so", async () => {
    const again = await subgraph.query(
      OPEN,
      outsider({ variables: { n: seeded.red.case_number, d: 'RED' } }),
    );
    expect(again.body.errors?.[0]).toMatchObject({
      message: `caseNumber: ${seeded.red.case_number} is already taken by a case of your agency`,
      extensions: { code: 'CONFLICT' },
    });
  });

  it('tells the agencies apart by number: your own first, or the one named', async () => {
    const { red } = seeded;
    const own = await subgraph.query<{ caseByNumber: Opened['openCase'] }>(
      BY_NUMBER,
      outsider({ variables: { n: red.case_number } }),
    );
    expect(own.body.data?.caseByNumber.owningAgency.code).toBe(OUTSIDER);
    const named = await subgraph.query(
      BY_NUMBER,
      outsider({ variables: { n: red.case_number, a: red.owning_agency_code } }),
    );
    const nobody = await subgraph.query(
      BY_NUMBER,
      outsider({ variables: { n: red.case_number, a: 'ZZ-NB' } }),
    );
    expect(named.body).toEqual({ data: { caseByNumber: null } });
    expect(named.body).toEqual(nobody.body);
    const owner = await subgraph.query<{ caseByNumber: Opened['openCase'] }>(
      BY_NUMBER,
      as(red.owning_agency_code, { variables: { n: red.case_number } }),
    );
    expect(owner.body.data?.caseByNumber).toMatchObject({ id: caseId(red) });
  });

  it('asks for the agency when several agencies you may see have the number', async () => {
    const { yellow } = seeded;
    const third = await thirdAgency();
    const opened = await subgraph.query<Opened>(
      OPEN,
      as(third, { variables: { n: yellow.case_number, d: 'GREEN' } }),
    );
    expect(opened.body.errors).toBeUndefined();
    const ambiguous = await subgraph.query(
      BY_NUMBER,
      outsider({ variables: { n: yellow.case_number } }),
    );
    expect(ambiguous.body.errors?.[0]).toMatchObject({
      message: expect.stringContaining(
        [yellow.owning_agency_code, third].sort().join(', '),
      ) as string,
      extensions: { code: 'BAD_USER_INPUT', field: 'owningAgency' },
    });
    for (const agency of [yellow.owning_agency_code, third]) {
      const named = await subgraph.query<{ caseByNumber: Opened['openCase'] }>(
        BY_NUMBER,
        outsider({ variables: { n: yellow.case_number, a: agency } }),
      );
      expect(named.body.data?.caseByNumber.owningAgency.code).toBe(agency);
    }
  });

  it('seeds numbers whose gaps count nothing: no two seeded numbers are consecutive', async () => {
    const rows = await withAdmin(subgraph.database.url, (client) =>
      client.query<{ n: string }>(
        `SELECT case_number AS n FROM narcotics.cases WHERE title <> 'Probe' AND id <= $1`,
        [Math.max(seeded.red.id, seeded.yellow.id, seeded.green.id, 60)],
      ),
    );
    const values = rows.rows.map((row) => Number(row.n.split('-')[2])).sort((a, b) => a - b);
    expect(values.length).toBeGreaterThanOrEqual(60);
    const consecutive = values.slice(1).filter((v, i) => v - (values[i] ?? 0) === 1);
    expect(consecutive).toEqual([]);
  });
});

describe('the order of a list of cases', () => {
  type Listed = { id: string; caseNumber: string; restricted: boolean; openedAt: string | null };
  async function listed(first = 200): Promise<Listed[]> {
    const nodes: Listed[] = [];
    let after: string | null = null;
    for (let page = 0; page < 100; page += 1) {
      const result: { body: { data?: unknown } } = await subgraph.query(
        `query ($first: Int, $after: String) { cases(first: $first, after: $after) {
           pageInfo { hasNextPage endCursor } edges { node { id caseNumber restricted openedAt } } } }`,
        outsider({ variables: { first, after } }),
      );
      const cases = (
        result.body.data as {
          cases: {
            pageInfo: { hasNextPage: boolean; endCursor: string | null };
            edges: { node: Listed }[];
          };
        }
      ).cases;
      nodes.push(...cases.edges.map((edge) => edge.node));
      if (!cases.pageInfo.hasNextPage) {
        return nodes;
      }
      after = cases.pageInfo.endCursor;
    }
    throw new Error('too many pages');
  }

  it('lists cases seen in full newest first, then pointers by the number they show', async () => {
    const all = await listed();
    const firstPointer = all.findIndex((c) => c.restricted);
    const full = all.slice(0, firstPointer);
    const pointers = all.slice(firstPointer);
    expect(full.length).toBeGreaterThan(0);
    expect(pointers.length).toBeGreaterThan(1);
    expect(pointers.every((c) => c.restricted && c.openedAt === null)).toBe(true);
    expect(full.every((c) => !c.restricted)).toBe(true);
    const opened = full.map((c) => c.openedAt ?? '');
    expect([...opened].sort().reverse()).toEqual(opened);
    const numbers = pointers.map((c) => c.caseNumber);
    expect([...numbers].sort().reverse()).toEqual(numbers);
    expect(await listed(7)).toEqual(all);
  });

  it('does not move a pointer when probe cases are opened around its hidden date', async () => {
    const { yellow } = seeded;
    const pointersBefore = (await listed()).filter((c) => c.restricted).map((c) => c.id);
    expect(pointersBefore).toContain(caseId(yellow));
    const at = yellow.opened_at.getTime();
    const probes: string[] = [];
    for (const [i, offset] of [-60_000, -1, 1, 60_000].entries()) {
      const probe = await subgraph.query<{ openCase: { id: string } }>(
        `mutation ($n: String!, $at: DateTimeISO) { openCase(input: { caseNumber: $n,
           title: "Probe", dissemination: GREEN, openedAt: $at }) { id } }`,
        outsider({
          variables: { n: `PRB-2026-${700 + i}0`, at: new Date(at + offset).toISOString() },
        }),
      );
      expect(probe.body.errors).toBeUndefined();
      probes.push(probe.body.data?.openCase.id ?? '');
    }
    const after = (await listed()).map((c) => c.id);
    const pointer = after.indexOf(caseId(yellow));
    // Every probe, whatever its date, sorts before the pointer: nothing to bracket it with.
    expect(probes.map((id) => after.indexOf(id) < pointer)).toEqual([true, true, true, true]);
    const restricted = (await listed()).filter((c) => c.restricted).map((c) => c.id);
    expect(restricted).toEqual(pointersBefore);
  });
});

describe('references other subgraphs hold, resolved here by the owner (_entities)', () => {
  const REFERENCES = /* GraphQL */ `
    query ($r: [_Any!]!) {
      _entities(representations: $r) {
        ... on ChatRoom {
          id
          linkedCases {
            id
            caseNumber
            restricted
            title
          }
        }
        ... on Handle {
          id
          person {
            id
            gender
          }
        }
        ... on JuvenileRecord {
          id
          person {
            id
          }
          case {
            id
            restricted
            title
          }
        }
      }
    }
  `;
  type Entity = Record<string, unknown> | null;

  /** The database id of a person (what planner-only fields such as personIdRef carry). */
  async function person(): Promise<string> {
    const rows = await withAdmin(subgraph.database.url, (client) =>
      client.query<{ id: number }>('SELECT id FROM narcotics.persons ORDER BY id LIMIT 1'),
    );
    return String(rows.rows[0]?.id);
  }

  it('ChatRoom.linkedCases: only cases you may see, a pointer as its pointer, in list order', async () => {
    const { red, yellow, green } = seeded;
    const ids = [red, yellow, green].map((c) => String(c.id));
    const result = await subgraph.query<{ _entities: Entity[] }>(
      REFERENCES,
      outsider({
        variables: {
          r: [
            // linkedCaseIds is planner-only: database ids, as the cyber subgraph holds them.
            { __typename: 'ChatRoom', id: '7', linkedCaseIds: [...ids, '999999', 'x', ids[1]] },
            { __typename: 'ChatRoom', id: '8', linkedCaseIds: [String(red.id)] },
            { __typename: 'ChatRoom', id: '9', linkedCaseIds: 'not a list' },
            { __typename: 'ChatRoom', id: '10' },
          ],
        },
      }),
    );
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?._entities).toEqual([
      {
        id: '7',
        linkedCases: [
          {
            id: caseId(green),
            caseNumber: green.case_number,
            restricted: false,
            title: green.title,
          },
          { id: caseId(yellow), caseNumber: yellow.case_number, restricted: true, title: null },
        ],
      },
      { id: '8', linkedCases: [] },
      { id: '9', linkedCases: [] },
      { id: '10', linkedCases: [] },
    ]);
    expect(JSON.stringify(result.body)).not.toContain(red.case_number);

    const owner = await subgraph.query<{ _entities: { linkedCases: { id: string }[] }[] }>(
      REFERENCES,
      as(red.owning_agency_code, {
        variables: { r: [{ __typename: 'ChatRoom', id: '8', linkedCaseIds: [String(red.id)] }] },
      }),
    );
    expect(owner.body.data?._entities[0]?.linkedCases).toEqual([
      expect.objectContaining({ id: caseId(red), restricted: false }),
    ]);
  });

  it('Handle.person and JuvenileRecord.person: the person when on record, else null', async () => {
    const id = await person();
    const result = await subgraph.query<{ _entities: Entity[] }>(
      REFERENCES,
      as(OUTSIDER, {
        scopes: ['narcotics:read', 'cyber:read', 'juvenile:read'],
        variables: {
          r: [
            { __typename: 'Handle', id: '1', personIdRef: id },
            { __typename: 'Handle', id: '2', personIdRef: '999999' },
            { __typename: 'Handle', id: '3', personIdRef: null },
            { __typename: 'Handle', id: '4' },
            { __typename: 'JuvenileRecord', id: '5', personIdRef: id, caseIdRef: null },
            { __typename: 'JuvenileRecord', id: '6', personIdRef: '999999' },
          ],
        },
      }),
    );
    expect(result.body.errors).toBeUndefined();
    const shown = externalId('Person', Number(id));
    expect(result.body.data?._entities).toEqual([
      { id: '1', person: { id: shown, gender: expect.any(String) } },
      { id: '2', person: null },
      { id: '3', person: null },
      { id: '4', person: null },
      { id: '5', person: { id: shown }, case: null },
      { id: '6', person: null, case: null },
    ]);
  });

  it('JuvenileRecord.case: null for a hidden or unknown case, the pointer for a restricted one', async () => {
    const { red, yellow, green } = seeded;
    const record = (id: string, caseIdRef: unknown) => ({
      __typename: 'JuvenileRecord',
      id,
      personIdRef: '999999',
      caseIdRef,
    });
    const result = await subgraph.query<{ _entities: { case: unknown }[] }>(
      REFERENCES,
      as(OUTSIDER, {
        roles: ['juvenile_officer'],
        variables: {
          r: [
            record('1', String(red.id)),
            record('2', String(yellow.id)),
            record('3', String(green.id)),
            record('4', '999999'),
          ],
        },
      }),
    );
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data?._entities.map((e) => e.case)).toEqual([
      null,
      { id: caseId(yellow), restricted: true, title: null },
      { id: caseId(green), restricted: false, title: green.title },
      null,
    ]);
  });

  it('needs narcotics:read, as case(id) and person(id) do, and the holder type’s own scope', async () => {
    const { green } = seeded;
    const cyber = await subgraph.query(REFERENCES, {
      roles: ['cyber_analyst'],
      variables: {
        r: [{ __typename: 'ChatRoom', id: '1', linkedCaseIds: [String(green.id)] }],
      },
    });
    expect(cyber.body.errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
    expect(JSON.stringify(cyber.body.data ?? null)).not.toContain(green.case_number);
    const handle = await subgraph.query(REFERENCES, {
      roles: ['cyber_analyst'],
      variables: { r: [{ __typename: 'Handle', id: '1', personIdRef: await person() }] },
    });
    expect(handle.body.errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
    const noJuvenile = await subgraph.query(REFERENCES, {
      roles: ['bureau_analyst'],
      variables: { r: [{ __typename: 'JuvenileRecord', id: '1', personIdRef: await person() }] },
    });
    expect(noJuvenile.body.errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
  });
});
