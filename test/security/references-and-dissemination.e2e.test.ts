/*
 * Security regression suite for references across subgraphs and dissemination (DESIGN §6), over
 * the real gateway and real PostgreSQL, each class tried by several routes: every field one
 * subgraph contributes to another's Case, Person or JuvenileRecord (listed from the supergraph),
 * ids alone and with owner fields, counts, filters, order, error texts, RED / YELLOW / GREEN,
 * own agency and another, dangling references pushed through pushRoomIntel, forged person links,
 * and source squatting between two cyber agencies. Records are found through queries, never by
 * hard-coded ids.
 */
import { readFileSync } from 'node:fs';

import { SUPERGRAPH_PATH } from '../../platform/paths.js';
import { externalId, internalId } from '../../subgraphs/kit/index.js';
import { withAdmin } from '../support/database.js';
import { startTestHub, type GraphQLResult, type TestHub } from '../support/hub.js';
import {
  crossSubgraphRecordFields,
  RECORD_OWNERS,
  resolvedFields,
} from '../support/reference-fields.js';

const PURPOSE = 'INVESTIGATION:ND-2026-0001';
const JUDICIAL = 'JUDICIAL:COURT-2026-17';
/** The calling agency; the cases it must not see belong to other agencies. */
const OUTSIDER = 'GS-NB';
/** A database id that names no record (a dangling reference)… */
const UNKNOWN_ROW = 999_999;
/** …and the id a client would see for it: well formed, of the right type, naming nothing. */
const unknownId = (type: 'Case' | 'Person') => externalId(type, UNKNOWN_ROW);

interface SeenCase {
  id: string;
  caseNumber: string;
  dissemination: 'GREEN' | 'YELLOW' | 'RED';
  restricted: boolean;
  owningAgency: { code: string };
}

let hub: TestHub;
const tokens: Record<string, string> = {};
let red: SeenCase;
let yellow: SeenCase;
let green: SeenCase;
/** A suspect of `red`, as its owner sees them (persons are not hidden by dissemination). */
let suspect: { id: string; fullName: string };
/** The room pushed for this suite, tied to red, yellow, green and an unknown case. */
let roomId: string;

async function token(roles: string[], agency = OUTSIDER): Promise<string> {
  const key = `${roles.join('+')}@${agency}`;
  tokens[key] ??= await hub.token({ roles, agency, province: agency.slice(0, 2) });
  return tokens[key];
}

const outsider = () => token(['bureau_analyst']);
const ownerOf = (c: SeenCase) => token(['bureau_analyst'], c.owningAgency.code);

async function ask<T = Record<string, unknown>>(
  bearer: string,
  query: string,
  variables: Record<string, unknown> = {},
  purpose = PURPOSE,
): Promise<GraphQLResult<T>> {
  return hub.query<T>(query, { token: bearer, purpose, variables });
}

async function ok<T>(
  bearer: string,
  query: string,
  variables: Record<string, unknown> = {},
  purpose = PURPOSE,
): Promise<T> {
  const result = await ask<T>(bearer, query, variables, purpose);
  expect(result.body.errors).toBeUndefined();
  expect(result.status).toBe(200);
  return result.body.data as T;
}

const CASES = /* GraphQL */ `
  query ($after: String) {
    cases(first: 100, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          caseNumber
          dissemination
          restricted
          openedAt
          owningAgency {
            code
          }
        }
      }
    }
  }
`;
type Listed = SeenCase & { openedAt: string | null; cursor: string };

async function allCases(bearer: string): Promise<Listed[]> {
  const seen: Listed[] = [];
  let after: string | null = null;
  for (let page = 0; page < 50; page += 1) {
    const data: {
      cases: {
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
        edges: { cursor: string; node: Omit<Listed, 'cursor'> }[];
      };
    } = await ok(bearer, CASES, { after });
    seen.push(...data.cases.edges.map((edge) => ({ ...edge.node, cursor: edge.cursor })));
    if (!data.cases.pageInfo.hasNextPage) {
      return seen;
    }
    after = data.cases.pageInfo.endCursor;
  }
  throw new Error('more pages than expected');
}

const PUSH = /* GraphQL */ `
  mutation ($items: [RoomIntelInput!]!) {
    pushRoomIntel(items: $items) {
      accepted
      duplicates
      rejected
      errors {
        index
        code
        message
      }
    }
  }
`;
interface PushResult {
  accepted: number;
  duplicates: number;
  rejected: number;
  errors: { index: number; code: string; message: string }[];
}

const roomItem = (source: string, externalId: string, title: string) => ({
  kind: 'ROOM',
  source,
  externalId,
  room: {
    platform: 'nightowl',
    externalRoomId: externalId,
    title,
    city: 'Lanzhou',
    memberCount: 9,
    inviteOnly: true,
    activeFrom: '21:00',
    activeTo: '04:00',
    firstSeen: '2026-03-02T13:00:00Z',
  },
});
const caseLinkItem = (source: string, externalId: string, room: string, caseId: string) => ({
  kind: 'CASE_LINK',
  source,
  externalId,
  caseLink: { room, caseId },
});
const handleItem = (
  source: string,
  externalId: string,
  room: string,
  personId?: string,
): Record<string, unknown> => ({
  kind: 'HANDLE',
  source,
  externalId,
  handle: { room, handle: `user_${externalId}`, ...(personId ? { personId } : {}) },
});

/** Every object anywhere in `value` for which `test` holds. */
function objectsWith(
  value: unknown,
  test: (o: Record<string, unknown>) => boolean,
): Record<string, unknown>[] {
  if (Array.isArray(value)) {
    return value.flatMap((item) => objectsWith(item, test));
  }
  if (typeof value !== 'object' || value === null) {
    return [];
  }
  const object = value as Record<string, unknown>;
  const inner = Object.values(object).flatMap((item) => objectsWith(item, test));
  return test(object) ? [object, ...inner] : inner;
}

async function push(bearer: string, items: unknown[]): Promise<PushResult> {
  return (await ok<{ pushRoomIntel: PushResult }>(bearer, PUSH, { items })).pushRoomIntel;
}

async function roomTitled(title: string): Promise<string> {
  const data = await ok<{ chatRooms: { edges: { node: { id: string; title: string } }[] } }>(
    await outsider(),
    `query ($s: String) { chatRooms(first: 10, filter: { search: $s }) {
       edges { node { id title } } } }`,
    { s: title },
  );
  const found = data.chatRooms.edges.find((edge) => edge.node.title === title);
  if (!found) {
    throw new Error(`no room titled ${title}`);
  }
  return found.node.id;
}

/** Juvenile records tied to each case, written as the juvenile officers' system would. */
async function recordJuvenileOffences(): Promise<void> {
  await withAdmin(hub.databases.narcotics ?? '', async (narcotics) => {
    const ids = async (c: SeenCase) =>
      (
        await narcotics.query<{ id: number }>(
          `SELECT id FROM narcotics.cases WHERE case_number = $1 AND owning_agency_code = $2`,
          [c.caseNumber, c.owningAgency.code],
        )
      ).rows[0]?.id;
    const person = await narcotics.query<{ person_id: number }>(
      `SELECT s.person_id FROM narcotics.case_suspects s WHERE s.case_id = $1
        ORDER BY s.id LIMIT 1`,
      [await ids(red)],
    );
    const linked: [string, number | null][] = [
      ['SEC red', (await ids(red)) ?? null],
      ['SEC yellow', (await ids(yellow)) ?? null],
      ['SEC green', (await ids(green)) ?? null],
      ['SEC unknown', UNKNOWN_ROW],
    ];
    await withAdmin(hub.databases.juvenile ?? '', async (juvenile) => {
      for (const [offence, caseId] of linked) {
        await juvenile.query(
          `INSERT INTO juvenile.juvenile_records (person_id, case_id, date_of_birth,
             offence_date, offence, disposition, sentence_months, recorded_by)
           VALUES ($1, $2, DATE '2009-04-01', DATE '2025-06-01', $3, 'Community correction',
             0, 'security-suite')`,
          [person.rows[0]?.person_id, caseId, offence],
        );
      }
    });
  });
}

beforeAll(async () => {
  hub = await startTestHub({ seed: true });
  const visible = await allCases(await outsider());
  const others = visible.filter((c) => c.owningAgency.code !== OUTSIDER);
  const pick = (d: SeenCase['dissemination']) => {
    const found = others.find((c) => c.dissemination === d);
    if (!found) {
      throw new Error(`the demo seed shows ${OUTSIDER} no ${d} case of another agency`);
    }
    return found;
  };
  [yellow, green] = [pick('YELLOW'), pick('GREEN')];
  for (const agency of [...new Set(others.map((c) => c.owningAgency.code))]) {
    const own = await allCases(await token(['bureau_analyst'], agency));
    const hidden = own.find((c) => c.dissemination === 'RED' && c.owningAgency.code === agency);
    if (hidden) {
      red = hidden;
      break;
    }
  }
  expect(red).toBeTruthy();
  expect(visible.map((c) => c.id)).not.toContain(red.id);
  const owned = await ok<{ case: { suspects: { person: { id: string; fullName: string } }[] } }>(
    await ownerOf(red),
    `query ($id: ID!) { case(id: $id) { suspects { person { id fullName } } } }`,
    { id: red.id },
  );
  const first = owned.case.suspects[0];
  if (!first) {
    throw new Error('the RED case has no suspect');
  }
  suspect = first.person;

  const cyber = await token(['cyber_analyst']);
  const pushed = await push(cyber, [
    roomItem('sec', 'room-links', 'Security suite linked room'),
    ...[red, yellow, green].map((c, i) => caseLinkItem('sec', `link-${i}`, 'room-links', c.id)),
    caseLinkItem('sec', 'link-unknown', 'room-links', unknownId('Case')),
    handleItem('sec', 'known', 'room-links', suspect.id),
    handleItem('sec', 'dangling', 'room-links', unknownId('Person')),
    handleItem('sec', 'anonymous', 'room-links'),
  ]);
  expect(pushed).toEqual({ accepted: 8, duplicates: 0, rejected: 0, errors: [] });
  roomId = await roomTitled('Security suite linked room');
  await recordJuvenileOffences();
});

afterAll(() => hub?.stop());

it('probes every field the supergraph lets one subgraph add to, or point at, a Case, Person or JuvenileRecord', () => {
  const fields = crossSubgraphRecordFields(resolvedFields(readFileSync(SUPERGRAPH_PATH, 'utf8')));
  // Each coordinate below has its tests in this file; a field added later must join them.
  expect(fields.map((f) => f.coordinate).sort()).toEqual(
    [
      'Case.chatRooms',
      'Case.juvenileRecords',
      'ChatRoom.linkedCases',
      'Handle.person',
      'JuvenileRecord.case',
      'JuvenileRecord.person',
      'Person.handles',
      'Person.juvenileRecords',
    ].sort(),
  );
  expect(Object.keys(RECORD_OWNERS).sort()).toEqual(['Case', 'JuvenileRecord', 'Person']);
});

describe('references to records the caller may not see, or that do not exist, are absent', () => {
  const ROOM = (selection: string) => /* GraphQL */ `
    query ($id: ID!) { chatRoom(id: $id) { id title linkedCases { ${selection} } } }`;
  type Room = { chatRoom: { id: string; linkedCases: Record<string, unknown>[] } | null };

  it('ChatRoom.linkedCases: no hidden or unknown case, by id alone or with owner fields', async () => {
    for (const selection of [
      'id',
      'caseNumber',
      'id caseNumber title restricted dissemination owningAgency { code contact }',
    ]) {
      const data = await ok<Room>(await outsider(), ROOM(selection), { id: roomId });
      expect(data.chatRoom).not.toBeNull();
      const cases = data.chatRoom?.linkedCases ?? [];
      expect(cases).toHaveLength(2);
      expect(cases.every((c) => c !== null)).toBe(true);
      expect(JSON.stringify(cases)).not.toContain(red.caseNumber);
      expect(JSON.stringify(cases)).not.toContain(`"${red.id}"`);
    }
    const ids = await ok<Room>(await outsider(), ROOM('id'), { id: roomId });
    expect(ids.chatRoom?.linkedCases.map((c) => c.id)).toEqual([green.id, yellow.id]);
  });

  it('ChatRoom.linkedCases: the owning agency sees its RED case there, in the same list', async () => {
    const data = await ok<Room>(await ownerOf(red), ROOM('id restricted'), { id: roomId });
    const ids = data.chatRoom?.linkedCases.map((c) => c.id) ?? [];
    expect(ids).toHaveLength(3);
    expect(ids).toContain(red.id);
  });

  it('ChatRoom.linkedCases: nulls no page of rooms, whatever the list asks', async () => {
    const data = await ok<{
      chatRooms: { totalCount: number; edges: { node: { id: string; linkedCases: unknown[] } }[] };
    }>(
      await outsider(),
      `{ chatRooms(first: 100) { totalCount edges { node { id linkedCases { caseNumber title } } } } }`,
    );
    expect(data.chatRooms.edges.length).toBe(data.chatRooms.totalCount);
    expect(data.chatRooms.edges.map((e) => e.node.id)).toContain(roomId);
    expect(data.chatRooms.edges.flatMap((e) => e.node.linkedCases)).not.toContain(null);
  });

  it('keeps the foreign keys the holders expose to the planner away from clients', async () => {
    for (const query of [
      `query ($id: ID!) { chatRoom(id: $id) { linkedCaseIds } }`,
      `query ($id: ID!) { chatRoom(id: $id) { handles { personIdRef } } }`,
      `query ($p: ID) { juvenileRecords(filter: { personId: $p }) { edges { node { caseIdRef } } } }`,
      `query ($p: ID) { juvenileRecords(filter: { personId: $p }) { edges { node { personIdRef } } } }`,
    ]) {
      const result = await ask(
        await token(['bureau_analyst', 'juvenile_officer']),
        query,
        query.includes('$p') ? { p: suspect.id } : { id: roomId },
        JUDICIAL,
      );
      expect(result.body.data ?? null).toBeNull();
      expect(result.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
  });

  it('rooms and records by case are asked of the case: no root filter matches, for any id', async () => {
    const bodies = [];
    for (const id of [red.id, green.id, unknownId('Case')]) {
      const rooms = await ask(
        await outsider(),
        `query ($f: ChatRoomFilter) { chatRooms(filter: $f) { totalCount } }`,
        { f: { caseId: id } },
      );
      const records = await ask(
        await token(['juvenile_officer']),
        `query ($f: JuvenileRecordFilter) { juvenileRecords(filter: $f) { totalCount } }`,
        { f: { caseId: id } },
        JUDICIAL,
      );
      for (const result of [rooms, records]) {
        expect(result.body.data ?? null).toBeNull();
        expect(result.body.errors?.[0]?.message).toMatch(/"caseId" is not defined/);
      }
      bodies.push(JSON.stringify([rooms.body, records.body]).replaceAll(id, '<id>'));
    }
    expect(new Set(bodies).size).toBe(1);
  });

  it('case(id) of a hidden case answers exactly as an unknown id, with everything others add to it', async () => {
    const query = /* GraphQL */ `
      query ($id: ID!) {
        case(id: $id) {
          id
          chatRooms {
            id
          }
          juvenileRecords {
            id
          }
        }
      }
    `;
    const officer = await token(['bureau_analyst', 'juvenile_officer']);
    const hidden = await ask(officer, query, { id: red.id }, JUDICIAL);
    const unknown = await ask(officer, query, { id: unknownId('Case') }, JUDICIAL);
    expect(hidden.body).toEqual({ data: { case: null } });
    expect(hidden.body).toEqual(unknown.body);
  });

  it('JuvenileRecord.case: null for a hidden or unknown case, by id alone or with owner fields', async () => {
    const officer = await token(['juvenile_officer']);
    for (const selection of ['id', 'id caseNumber title restricted owningAgency { code }']) {
      const data = await ok<{
        juvenileRecords: { edges: { node: { offence: string; case: unknown } }[] };
      }>(
        officer,
        `query ($p: ID) { juvenileRecords(first: 50, filter: { personId: $p }) {
           edges { node { offence case { ${selection} } } } } }`,
        { p: suspect.id },
        JUDICIAL,
      );
      const byOffence = Object.fromEntries(
        data.juvenileRecords.edges.map((e) => [e.node.offence, e.node.case]),
      );
      expect(Object.keys(byOffence)).toEqual(
        expect.arrayContaining(['SEC red', 'SEC yellow', 'SEC green', 'SEC unknown']),
      );
      expect(byOffence['SEC red']).toBeNull();
      expect(byOffence['SEC unknown']).toBeNull();
      expect(byOffence['SEC yellow']).toMatchObject({ id: yellow.id });
      expect(byOffence['SEC green']).toMatchObject({ id: green.id });
      expect(JSON.stringify(data)).not.toContain(red.caseNumber);
    }
    const owner = await token(['juvenile_officer'], red.owningAgency.code);
    const own = await ok<{
      juvenileRecords: { edges: { node: { offence: string; case: unknown } }[] };
    }>(
      owner,
      `query ($p: ID) { juvenileRecords(first: 50, filter: { personId: $p }) {
         edges { node { offence case { id } } } } }`,
      { p: suspect.id },
      JUDICIAL,
    );
    expect(own.juvenileRecords.edges.find((e) => e.node.offence === 'SEC red')?.node.case).toEqual({
      id: red.id,
    });
  });

  it('JuvenileRecord.person and Handle.person: the person on record, or null for a dangling id', async () => {
    const officer = await token(['juvenile_officer']);
    const records = await ok<{ person: { juvenileRecords: { person: { id: string } | null }[] } }>(
      officer,
      `query ($id: ID!) { person(id: $id) { juvenileRecords { person { id fullName } } } }`,
      { id: suspect.id },
      JUDICIAL,
    );
    expect(records.person.juvenileRecords.length).toBeGreaterThanOrEqual(4);
    expect(records.person.juvenileRecords.every((r) => r.person?.id === suspect.id)).toBe(true);

    const room = await ok<{
      chatRoom: { handles: { handle: string; person: { id: string } | null }[] };
    }>(
      await outsider(),
      `query ($id: ID!) { chatRoom(id: $id) { handles { handle person { id fullName gender } } } }`,
      { id: roomId },
    );
    const byHandle = Object.fromEntries(room.chatRoom.handles.map((h) => [h.handle, h.person]));
    expect(byHandle).toEqual({
      user_known: expect.objectContaining({ id: suspect.id }),
      user_dangling: null,
      user_anonymous: null,
    });
  });

  it('Person.handles and Person.juvenileRecords: what the holder keeps of a person anyone may see', async () => {
    const data = await ok<{
      person: { handles: { handle: string; pushedBy: string }[]; juvenileRecords: unknown[] };
    }>(
      await token(['bureau_analyst', 'juvenile_officer']),
      `query ($id: ID!) { person(id: $id) { handles { handle pushedBy } juvenileRecords { id } } }`,
      { id: suspect.id },
      JUDICIAL,
    );
    expect(data.person.handles).toContainEqual({ handle: 'user_known', pushedBy: OUTSIDER });
    expect(data.person.juvenileRecords.length).toBeGreaterThanOrEqual(4);
  });
});

describe('a YELLOW pointer shows only its pointer, whoever contributes the field', () => {
  /** Every field a subgraph other than narcotics adds to Case, from the supergraph. */
  const contributed = () =>
    resolvedFields(readFileSync(SUPERGRAPH_PATH, 'utf8')).filter(
      (f) =>
        f.parent === 'Case' &&
        f.coordinate !== 'Case.id' &&
        !f.inaccessible &&
        f.graphs.some((g) => g !== 'NARCOTICS'),
    );
  const selection = () =>
    contributed()
      .filter((f) => f.graphs.every((g) => g !== 'NARCOTICS'))
      .map((f) => `${f.coordinate.split('.')[1]} { __typename }`)
      .join(' ');
  const reader = () => token(['bureau_analyst', 'juvenile_officer']);

  it('gives nothing through any contributed field: case(id), caseByNumber, cases, linkedCases, JuvenileRecord.case', async () => {
    expect(contributed().map((f) => f.coordinate)).toEqual([
      'Case.chatRooms',
      'Case.juvenileRecords',
    ]);
    const fields = selection();
    const routes: [string, string, Record<string, unknown>][] = [
      [
        'case',
        `query ($id: ID!) { r: case(id: $id) { id restricted ${fields} } }`,
        { id: yellow.id },
      ],
      [
        'caseByNumber',
        `query ($n: String!, $a: String) { r: caseByNumber(caseNumber: $n, owningAgency: $a) {
           id restricted ${fields} } }`,
        { n: yellow.caseNumber, a: yellow.owningAgency.code },
      ],
      [
        'linkedCases',
        `query ($room: ID!) { chatRoom(id: $room) { linkedCases { id restricted ${fields} } } }`,
        { room: roomId },
      ],
      [
        'JuvenileRecord.case',
        `query ($p: ID) { juvenileRecords(first: 50, filter: { personId: $p }) {
           edges { node { case { id restricted ${fields} } } } } }`,
        { p: suspect.id },
      ],
      [
        'cases',
        `query ($a: String) { cases(first: 100, filter: { owningAgency: $a }) {
           edges { node { id restricted ${fields} } } } }`,
        { a: yellow.owningAgency.code },
      ],
    ];
    for (const [route, query, variables] of routes) {
      const result = await ask(await reader(), query, variables, JUDICIAL);
      expect([route, result.body.errors]).toEqual([route, undefined]);
      const pointers = objectsWith(result.body.data, (o) => o.id === yellow.id);
      expect([route, pointers.length > 0]).toEqual([route, true]);
      for (const pointer of pointers) {
        expect([route, pointer]).toEqual([
          route,
          { id: yellow.id, restricted: true, chatRooms: [], juvenileRecords: [] },
        ]);
      }
    }
  });

  it('withholds the rooms, handles, persons and evidence tied to it, which its owner sees', async () => {
    const query = /* GraphQL */ `
      query ($id: ID!) {
        case(id: $id) {
          restricted
          title
          chatRooms {
            id
            handles {
              handle
              person {
                fullName
              }
            }
            observations {
              summary
            }
          }
          juvenileRecords {
            id
            offence
          }
        }
      }
    `;
    const other = await ok<{ case: Record<string, unknown> }>(
      await reader(),
      query,
      { id: yellow.id },
      JUDICIAL,
    );
    expect(other.case).toEqual({
      restricted: true,
      title: null,
      chatRooms: [],
      juvenileRecords: [],
    });
    const owner = await ok<{ case: { chatRooms: { id: string }[]; juvenileRecords: unknown[] } }>(
      await token(['bureau_analyst', 'juvenile_officer'], yellow.owningAgency.code),
      query,
      { id: yellow.id },
      JUDICIAL,
    );
    expect(owner.case.chatRooms.map((room) => room.id)).toContain(roomId);
    expect(owner.case.juvenileRecords.length).toBeGreaterThan(0);
  });

  it('a GREEN case shows what others add to it to every agency (the check can fail)', async () => {
    const data = await ok<{ case: { chatRooms: { id: string }[]; juvenileRecords: unknown[] } }>(
      await reader(),
      `query ($id: ID!) { case(id: $id) { chatRooms { id } juvenileRecords { id } } }`,
      { id: green.id },
      JUDICIAL,
    );
    expect(data.case.chatRooms.map((room) => room.id)).toContain(roomId);
    expect(data.case.juvenileRecords.length).toBeGreaterThan(0);
  });
});

describe('case numbers and the order of cases say nothing of hidden cases', () => {
  const OPEN = /* GraphQL */ `
    mutation ($n: String!, $at: DateTimeISO) {
      openCase(
        input: { caseNumber: $n, title: "Probe case", dissemination: GREEN, openedAt: $at }
      ) {
        id
        caseNumber
        openedAt
      }
    }
  `;
  const investigator = () => token(['narcotics_investigator']);

  it("opens a case under another agency's hidden number as under a free one: no 'already taken'", async () => {
    const hidden = await ask(await investigator(), OPEN, { n: red.caseNumber });
    const free = await ask(await investigator(), OPEN, { n: 'ND-2026-909090' });
    expect(hidden.body.errors).toBeUndefined();
    expect(free.body.errors).toBeUndefined();
    expect(JSON.stringify(hidden.body)).not.toMatch(/taken|exists|conflict/i);
    const mine = await ok<{ caseByNumber: { owningAgency: { code: string } } }>(
      await outsider(),
      `query ($n: String!) { caseByNumber(caseNumber: $n) { owningAgency { code } } }`,
      { n: red.caseNumber },
    );
    expect(mine.caseByNumber.owningAgency.code).toBe(OUTSIDER);
    const theirs = await ask(
      await outsider(),
      `query ($n: String!, $a: String) { caseByNumber(caseNumber: $n, owningAgency: $a) { id } }`,
      { n: red.caseNumber, a: red.owningAgency.code },
    );
    const nobody = await ask(
      await outsider(),
      `query ($n: String!, $a: String) { caseByNumber(caseNumber: $n, owningAgency: $a) { id } }`,
      { n: red.caseNumber, a: 'ZZ-NB' },
    );
    expect(theirs.body).toEqual({ data: { caseByNumber: null } });
    expect(theirs.body).toEqual(nobody.body);
  });

  it('numbers visible to a caller run in no sequence whose gaps count hidden cases', async () => {
    const numbers = (await allCases(await outsider()))
      .map((c) => c.caseNumber)
      .filter((n) => /^ND-2026-[0-9]{6}$/.test(n))
      .map((n) => Number(n.slice(-6)))
      .sort((a, b) => a - b);
    expect(numbers.length).toBeGreaterThan(20);
    const consecutive = numbers.slice(1).filter((n, i) => n - (numbers[i] ?? 0) === 1);
    expect(consecutive).toEqual([]);
  });

  it("keeps a pointer's place independent of its hidden opening date: probes cannot bracket it", async () => {
    const hiddenDate = await ok<{ case: { openedAt: string } }>(
      await ownerOf(yellow),
      `query ($id: ID!) { case(id: $id) { openedAt } }`,
      { id: yellow.id },
    );
    const at = new Date(hiddenDate.case.openedAt).getTime();
    const before = (await allCases(await outsider())).filter((c) => c.restricted).map((c) => c.id);
    const probes: string[] = [];
    for (const [i, offset] of [-3_600_000, -1, 0, 1, 3_600_000].entries()) {
      const opened = await ok<{ openCase: { id: string } }>(await investigator(), OPEN, {
        n: `PRB-2026-${8000 + i}`,
        at: new Date(at + offset).toISOString(),
      });
      probes.push(opened.openCase.id);
    }
    const list = await allCases(await outsider());
    const ids = list.map((c) => c.id);
    const pointerAt = ids.indexOf(yellow.id);
    expect(pointerAt).toBeGreaterThan(0);
    expect(probes.every((probe) => ids.indexOf(probe) < pointerAt)).toBe(true);
    expect(list.filter((c) => c.restricted).map((c) => c.id)).toEqual(before);
    const pointer = list[pointerAt];
    expect(pointer?.openedAt).toBeNull();
    const cursor = Buffer.from(pointer?.cursor ?? '', 'base64url').toString('utf8');
    expect(cursor).not.toContain(hiddenDate.case.openedAt.slice(0, 10));
  });
});

describe('cyber pushes make nothing readable, dangle nowhere, and squat no namespace', () => {
  const cyber = () => token(['cyber_analyst']);

  it('a cyber analyst cannot read the person or case a push linked: Handle.person needs narcotics:read', async () => {
    for (const query of [
      `query ($id: ID!) { chatRoom(id: $id) { handles { person { fullName gender } } } }`,
      `query ($id: ID!) { chatRoom(id: $id) { handles { person { id } } } }`,
      `query ($id: ID!) { chatRoom(id: $id) { linkedCases { id } } }`,
      `query ($id: ID!) { chatRoom(id: $id) { linkedCases { caseNumber title } } }`,
    ]) {
      const result = await ask(await cyber(), query, { id: roomId });
      expect(result.body.errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
      const text = JSON.stringify(result.body);
      expect(text).not.toContain(suspect.fullName);
      expect(text).not.toContain(green.caseNumber);
      expect(objectsWith(result.body.data, (o) => 'gender' in o || 'title' in o)).toEqual([]);
    }
    const direct = await ask(await cyber(), `query ($id: ID!) { person(id: $id) { fullName } }`, {
      id: suspect.id,
    });
    expect(direct.body.errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
  });

  it('answers a push alike for a RED, GREEN or unknown case and a real or unknown person', async () => {
    const answers = [];
    for (const [i, caseId] of [red.id, green.id, unknownId('Case')].entries()) {
      for (const personId of [suspect.id, unknownId('Person')]) {
        const room = `probe-room-${i}-${personId}`;
        answers.push(
          await push(await cyber(), [
            roomItem('sec', room, `Probe room ${i} ${personId}`),
            caseLinkItem('sec', `probe-link-${i}-${personId}`, room, caseId),
            handleItem('sec', `probe-person-${i}-${personId}`, room, personId),
          ]),
        );
      }
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toEqual({ accepted: 3, duplicates: 0, rejected: 0, errors: [] });
  });

  it('shows a bureau the pushed person link only for a person on record, with who pushed it', async () => {
    const data = await ok<{
      chatRoom: { handles: { handle: string; pushedBy: string; person: { id: string } | null }[] };
    }>(
      await outsider(),
      `query ($id: ID!) { chatRoom(id: $id) { handles { handle pushedBy person { id } } } }`,
      { id: roomId },
    );
    const linked = data.chatRoom.handles.filter((h) => h.person !== null);
    expect(linked.length).toBeGreaterThan(0);
    expect(linked.every((h) => h.person?.id === suspect.id && h.pushedBy === OUTSIDER)).toBe(true);
    const dangling = data.chatRoom.handles.filter((h) => h.handle === 'user_dangling');
    expect(dangling.length).toBeGreaterThan(0);
    expect(dangling.every((h) => h.person === null)).toBe(true);
  });

  it("keeps one agency's items out of another's namespace: a squat is an item of its own", async () => {
    const gs = await cyber();
    const sn = await token(['cyber_analyst'], 'SN-NB');
    const feed = 'gs-cyber-feed';
    expect(await push(gs, [roomItem(feed, 'night-1', 'Gansu night room')])).toMatchObject({
      accepted: 1,
    });
    const squat = await push(sn, [
      roomItem(feed, 'night-1', 'Squatter night room'),
      handleItem(feed, 'squatter', 'night-1'),
    ]);
    expect(squat).toEqual({ accepted: 2, duplicates: 0, rejected: 0, errors: [] });
    const again = await push(gs, [
      roomItem(feed, 'night-1', 'Gansu night room'),
      handleItem(feed, 'real', 'night-1'),
    ]);
    expect(again).toEqual({ accepted: 1, duplicates: 1, rejected: 0, errors: [] });

    const rooms = await ok<{
      chatRooms: {
        edges: { node: { title: string; pushedBy: string; handles: { handle: string }[] } }[];
      };
    }>(
      await outsider(),
      `{ chatRooms(first: 20, filter: { search: "night room" }) {
           edges { node { title pushedBy source handles { handle } } } } }`,
    );
    const byTitle = Object.fromEntries(rooms.chatRooms.edges.map((e) => [e.node.title, e.node]));
    expect(byTitle['Gansu night room']).toMatchObject({
      pushedBy: OUTSIDER,
      handles: [{ handle: 'user_real' }],
    });
    expect(byTitle['Squatter night room']).toMatchObject({
      pushedBy: 'SN-NB',
      handles: [{ handle: 'user_squatter' }],
    });
  });
});

describe('ids say nothing', () => {
  /** What every id a client sees looks like: 22 characters of base64url, never a number. */
  const OPAQUE = /^[A-Za-z0-9_-]{22}$/;
  const opaque = (ids: readonly string[]) => {
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      expect(id).toMatch(OPAQUE);
      expect(id).not.toMatch(/^[0-9]+$/);
    }
  };
  /** Positions at which two ids hold the same character. */
  const alike = (a: string, b: string) => [...a].filter((c, i) => b[i] === c).length;
  const judge = () => token(['juvenile_officer']);

  const RECORDS = /* GraphQL */ `
    query ($after: String) {
      juvenileRecords(first: 100, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            sealed
            person {
              id
            }
          }
        }
      }
    }
  `;
  type Records = {
    juvenileRecords: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: { node: { id: string; sealed: boolean; person: { id: string } | null } }[];
    };
  };
  /** Every juvenile record the caller may see, page by page, and the count it was told. */
  async function allRecords(bearer: string, purpose: string) {
    const ids: string[] = [];
    const persons: string[] = [];
    const counts = new Set<number>();
    let sealed = 0;
    let after: string | null = null;
    for (let page = 0; page < 50; page += 1) {
      const data: Records = await ok<Records>(bearer, RECORDS, { after }, purpose);
      counts.add(data.juvenileRecords.totalCount);
      for (const { node } of data.juvenileRecords.edges) {
        ids.push(node.id);
        persons.push(...(node.person ? [node.person.id] : []));
        sealed += node.sealed ? 1 : 0;
      }
      if (!data.juvenileRecords.pageInfo.hasNextPage) {
        return { ids, persons, counts: [...counts], sealed };
      }
      after = data.juvenileRecords.pageInfo.endCursor;
    }
    throw new Error('more pages than expected');
  }

  it('ids of cases, persons, juvenile records and rooms are opaque', async () => {
    const cases = await allCases(await outsider());
    opaque(cases.map((c) => c.id));
    const persons = await ok<{ persons: { edges: { node: { id: string } }[] } }>(
      await outsider(),
      `{ persons(first: 50) { edges { node { id } } } }`,
    );
    opaque(persons.persons.edges.map((e) => e.node.id));
    const rooms = await ok<{ chatRooms: { edges: { node: { id: string } }[] } }>(
      await outsider(),
      `{ chatRooms(first: 50) { edges { node { id } } } }`,
    );
    opaque(rooms.chatRooms.edges.map((e) => e.node.id));
    opaque((await allRecords(await judge(), JUDICIAL)).ids);
  });

  it('a page of cases listed newest first is in no order of its ids, and they share no pattern', async () => {
    const page = (await allCases(await outsider())).filter((c) => !c.restricted).slice(0, 20);
    expect(page).toHaveLength(20);
    const openedAt = page.map((c) => c.openedAt ?? '');
    expect(openedAt).toEqual([...openedAt].sort().reverse());
    const ids = page.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const ascending = [...ids].sort();
    expect(ids).not.toEqual(ascending);
    expect(ids).not.toEqual([...ascending].reverse());
    // Nor in runs: consecutive ids as often up as down, never sorted for long.
    const ups = ids.slice(1).filter((id, i) => id > (ids[i] ?? '')).length;
    expect(ups).toBeGreaterThan(2);
    expect(ups).toBeLessThan(ids.length - 3);
    // No prefix, suffix or position in common beyond what chance gives 22 random characters.
    const similar = ids.flatMap((a, i) =>
      ids.slice(i + 1).flatMap((b) => (alike(a, b) >= 6 ? [[a, b]] : [])),
    );
    expect(similar).toEqual([]);
  });

  it('cases of neighbouring database rows have ids that look unrelated', async () => {
    const rows = new Map(
      (await allCases(await outsider())).map((c) => [internalId('Case', c.id), c.id]),
    );
    expect(rows.has(undefined)).toBe(false);
    const row = [...rows.keys()].find((n) => n !== undefined && rows.has(n + 1)) ?? 0;
    const [a, b] = [rows.get(row) ?? '', rows.get(row + 1) ?? ''];
    opaque([a, b]);
    expect(alike(a, b)).toBeLessThan(6);
    expect(a.slice(0, 4)).not.toBe(b.slice(0, 4));
    expect(a.slice(-4)).not.toBe(b.slice(-4));
  });

  it('an integer id names nothing: not the row it is the number of, for any type', async () => {
    const [listed] = (await allCases(await outsider())).filter((c) => !c.restricted);
    const caseRow = internalId('Case', listed?.id ?? '');
    expect(caseRow).toEqual(expect.any(Number));
    const person = suspect.id;
    const personRow = internalId('Person', person);
    expect(personRow).toEqual(expect.any(Number));
    const roomRow = internalId('ChatRoom', roomId);
    expect(roomRow).toEqual(expect.any(Number));
    const records = await allRecords(await judge(), JUDICIAL);
    const record = records.ids[0] ?? '';
    const recordRow = internalId('JuvenileRecord', record);
    expect(recordRow).toEqual(expect.any(Number));

    const QUERY = /* GraphQL */ `
      query ($c: ID!, $p: ID!, $r: ID!, $j: ID!) {
        case(id: $c) {
          id
        }
        person(id: $p) {
          id
        }
        chatRoom(id: $r) {
          id
        }
        juvenileRecord(id: $j) {
          id
        }
      }
    `;
    const reader = await token(['bureau_analyst', 'juvenile_officer']);
    const byId = await ok(
      reader,
      QUERY,
      { c: listed?.id, p: person, r: roomId, j: record },
      JUDICIAL,
    );
    expect(byId).toEqual({
      case: { id: listed?.id },
      person: { id: person },
      chatRoom: { id: roomId },
      juvenileRecord: { id: record },
    });
    for (const variables of [
      { c: String(caseRow), p: String(personRow), r: String(roomRow), j: String(recordRow) },
      { c: '1', p: '1', r: '1', j: '1' },
    ]) {
      const result = await ask(reader, QUERY, variables, JUDICIAL);
      expect([variables, result.body]).toEqual([
        variables,
        { data: { case: null, person: null, chatRoom: null, juvenileRecord: null } },
      ]);
    }
  });

  it('an id of one type names nothing of another, even where that row exists', async () => {
    const reader = await token(['bureau_analyst', 'juvenile_officer']);
    const WHOLE = /* GraphQL */ `
      query ($c: ID!, $p: ID!) {
        case(id: $c) {
          id
        }
        person(id: $p) {
          id
        }
      }
    `;
    // A row number that is both a case the caller sees and a person.
    const visible = (await allCases(await outsider())).filter((c) => !c.restricted);
    let shared: number | undefined;
    for (const c of visible) {
      const row = internalId('Case', c.id) ?? 0;
      const both = await ok<{ case: unknown; person: unknown }>(
        reader,
        WHOLE,
        { c: c.id, p: externalId('Person', row) },
        JUDICIAL,
      );
      if (both.case !== null && both.person !== null) {
        shared = row;
        break;
      }
    }
    expect(shared).toEqual(expect.any(Number));
    const caseId = externalId('Case', shared ?? 0);
    const personId = externalId('Person', shared ?? 0);
    expect(caseId).not.toBe(personId);
    const swapped = await ask(reader, WHOLE, { c: personId, p: caseId }, JUDICIAL);
    expect(swapped.body).toEqual({ data: { case: null, person: null } });
    const others = await ask(
      reader,
      `query ($r: ID!, $j: ID!, $p: ID!) {
         chatRoom(id: $r) { id } juvenileRecord(id: $j) { id } person(id: $p) { id } }`,
      { r: caseId, j: personId, p: roomId },
      JUDICIAL,
    );
    expect(others.body).toEqual({ data: { chatRoom: null, juvenileRecord: null, person: null } });
  });

  it("a non-judicial caller's juvenile records: opaque ids, and a count that is what is listed", async () => {
    const judicial = await allRecords(await judge(), JUDICIAL);
    const plain = await allRecords(await judge(), 'INVESTIGATION');
    opaque(plain.ids);
    expect(plain.counts).toEqual([plain.ids.length]);
    expect(new Set(plain.ids).size).toBe(plain.ids.length);
    expect(plain.sealed).toBe(0);
    // Sealed records exist, and are neither listed nor counted for this caller.
    expect(judicial.sealed).toBeGreaterThan(0);
    expect(judicial.counts).toEqual([judicial.ids.length]);
    expect(plain.ids.length).toBe(judicial.ids.length - judicial.sealed);
    expect(judicial.ids).toEqual(expect.arrayContaining(plain.ids));
  });
  it('no error text names a row by its internal number: refusals name what the caller sent', async () => {
    const investigator = await token(['narcotics_investigator'], green.owningAgency.code);
    const { persons } = await ok<{ persons: { edges: { node: { id: string } }[] } }>(
      investigator,
      `{ persons(first: 50) { edges { node { id } } } }`,
    );
    const { case: theCase } = await ok<{
      case: { suspects: { person: { id: string } }[] } | null;
    }>(investigator, `query ($id: ID!) { case(id: $id) { suspects { person { id } } } }`, {
      id: green.id,
    });
    const suspects = new Set((theCase?.suspects ?? []).map((s) => s.person.id));
    const outsiderPerson = persons.edges.map((e) => e.node.id).find((id) => !suspects.has(id));
    expect(outsiderPerson).toBeDefined();
    const row = internalId('Person', outsiderPerson ?? '');
    expect(row).toBeDefined();
    const answer = await ask(
      investigator,
      `mutation ($caseId: ID!, $personId: ID!) {
        recordArrest(input: { caseId: $caseId, personId: $personId, arrestedAt: "2026-11-01T00:00:00Z" }) { id }
      }`,
      { caseId: green.id, personId: outsiderPerson },
    );
    const messages = (answer.body.errors ?? []).map((e) => e.message);
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) {
      expect(message).not.toMatch(new RegExp(`\\b${row}\\b`));
    }
  });
});
