/* The cyber subgraph's read side over real HTTP against a seeded PostgreSQL. */
import { sqlQueries } from '../../platform/metrics.js';
import { withAdmin } from '../../test/support/database.js';
import {
  startTestSubgraph,
  type CallerOptions,
  type TestSubgraph,
} from '../../test/support/subgraph.js';
import { externalId, internalId } from '../kit/index.js';

import { cyberSubgraph } from './index.js';

let sub: TestSubgraph;
const analyst: CallerOptions = { roles: ['bureau_analyst'], purpose: { code: 'INVESTIGATION' } };

beforeAll(async () => {
  sub = await startTestSubgraph(cyberSubgraph, { seed: true });
});
afterAll(() => sub?.stop());

async function ok<T>(query: string, variables: Record<string, unknown> = {}, caller = analyst) {
  const { body } = await sub.query<T>(query, { ...caller, variables });
  expect(body.errors).toBeUndefined();
  return body.data as T;
}

async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
  return withAdmin(sub.database.url, async (client) => (await client.query(text, params)).rows);
}

interface RoomNode {
  id: string;
  city: string;
  memberCount: number;
  activeFrom: string | null;
  activeTo: string | null;
  platform: { code: string };
  linkedCaseIds: string[];
}
interface Rooms {
  chatRooms: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { cursor: string; node: RoomNode }[];
  };
}

const ROOMS = /* GraphQL */ `
  query Rooms($filter: ChatRoomFilter, $first: Int, $after: String) {
    chatRooms(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          city
          memberCount
          activeFrom
          activeTo
          platform {
            code
          }
          linkedCaseIds
        }
      }
    }
  }
`;

async function rooms(filter: Record<string, unknown>, first = 200): Promise<RoomNode[]> {
  const data = await ok<Rooms>(ROOMS, { filter, first });
  expect(data.chatRooms.totalCount).toBe(data.chatRooms.edges.length);
  return data.chatRooms.edges.map((edge) => edge.node);
}

/** Whether hour h touches the window [from, to) that may cross midnight. */
function touches(from: string, to: string, hour: number): boolean {
  const f = Number(from.slice(0, 2)) * 60 + Number(from.slice(3));
  const t = Number(to.slice(0, 2)) * 60 + Number(to.slice(3));
  const start = hour * 60;
  if (f === t) {
    return true;
  }
  return f < t ? start < t && start + 60 > f : start + 60 > f || start < t;
}

describe('chatRooms filters', () => {
  it('seeds rooms in Lanzhou and Xi’an first, then elsewhere', async () => {
    const all = await rooms({});
    expect(all).toHaveLength(60);
    const row = (room: RoomNode) => internalId('ChatRoom', room.id) ?? Number.NaN;
    const byId = [...all].sort((a, b) => row(a) - row(b));
    expect(byId.slice(0, 2).map(row)).toEqual([1, 2]);
    expect(byId.slice(0, 2).map((room) => room.city)).toEqual(['Lanzhou', "Xi'an"]);
    expect(new Set(all.map((room) => room.city)).size).toBeGreaterThan(4);
    for (const room of all) {
      expect(room.memberCount).toBeGreaterThanOrEqual(8);
      expect(room.memberCount).toBeLessThanOrEqual(500);
    }
  });

  it('filters by city (any case), platform and size range', async () => {
    const lanzhou = await rooms({ city: 'lanzhou' });
    expect(lanzhou.length).toBeGreaterThan(3);
    expect(lanzhou.every((room) => room.city === 'Lanzhou')).toBe(true);
    const platform = lanzhou[0]?.platform.code ?? '';
    const onPlatform = await rooms({ platform: platform.toUpperCase() });
    expect(onPlatform.length).toBeGreaterThan(0);
    expect(onPlatform.every((room) => room.platform.code === platform)).toBe(true);
    const small = await rooms({ minMembers: 8, maxMembers: 12 });
    expect(small.length).toBeGreaterThanOrEqual(20);
    expect(small.every((room) => room.memberCount >= 8 && room.memberCount <= 12)).toBe(true);
  });

  it('finds rooms active at an hour, windows across midnight included', async () => {
    const all = await rooms({});
    for (const hour of [2, 3, 4, 12, 21, 23]) {
      const found = await rooms({ activeAt: hour });
      const expected = all.filter(
        (room) => room.activeFrom && room.activeTo && touches(room.activeFrom, room.activeTo, hour),
      );
      expect(found.map((room) => room.id).sort()).toEqual(expected.map((room) => room.id).sort());
    }
    const lateNight = await rooms({ activeAt: 2, maxMembers: 12 });
    expect(lateNight.length).toBeGreaterThanOrEqual(10);
    expect(lateNight.every((r) => r.activeFrom === '21:00' && r.activeTo === '04:00')).toBe(true);
    const noon = await rooms({ activeAt: 12, maxMembers: 12 });
    expect(noon.filter((r) => r.activeFrom === '21:00')).toEqual([]);
  });

  it('filters by search, and by no case: rooms by case are asked of the case', async () => {
    const rink = await rooms({ search: 'skat rink' });
    expect(rink.length).toBeGreaterThan(0);
    const { body } = await sub.query(ROOMS, {
      ...analyst,
      variables: { filter: { caseId: externalId('Case', 1) } },
    });
    expect(body.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/"caseId" is not defined/),
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(body.data).toBeUndefined();
  });

  it('refuses bad filters with BAD_USER_INPUT naming the field', async () => {
    for (const filter of [
      { activeAt: 24 },
      { activeAt: -1 },
      { minMembers: 50, maxMembers: 10 },
      { search: '%%' },
    ]) {
      const { body } = await sub.query(ROOMS, { ...analyst, variables: { filter } });
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(body.errors?.[0]?.message).toMatch(/^(activeAt|maxMembers|search):/);
    }
  });
});

describe('chatRooms pagination', () => {
  it('pages by cursor without repeating or skipping a room', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 20; page += 1) {
      const data: Rooms = await ok<Rooms>(ROOMS, { first: 7, after });
      seen.push(...data.chatRooms.edges.map((edge) => edge.node.id));
      after = data.chatRooms.pageInfo.endCursor;
      if (!data.chatRooms.pageInfo.hasNextPage) {
        break;
      }
    }
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
  });

  it('pages a filtered list and rejects a forged cursor', async () => {
    const first = await ok<Rooms>(ROOMS, { filter: { city: "Xi'an" }, first: 2 });
    expect(first.chatRooms.pageInfo.hasNextPage).toBe(true);
    const next = await ok<Rooms>(ROOMS, {
      filter: { city: "Xi'an" },
      first: 2,
      after: first.chatRooms.pageInfo.endCursor,
    });
    const ids = [...first.chatRooms.edges, ...next.chatRooms.edges].map((edge) => edge.node.id);
    expect(new Set(ids).size).toBe(4);
    const { body } = await sub.query(ROOMS, { ...analyst, variables: { after: 'bm9wZQ' } });
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('observations', () => {
  const TIMELINE = /* GraphQL */ `
    query Timeline($roomId: ID!, $first: Int, $after: String) {
      roomObservations(roomId: $roomId, first: $first, after: $after) {
        totalCount
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            at
            kind
            evidenceHash
            reportingOfficer
          }
        }
      }
    }
  `;
  type Timeline = {
    roomObservations: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: { node: { id: string; at: string; kind: string; evidenceHash: string } }[];
    };
  };

  it('lists a room’s observations oldest first, page by page', async () => {
    const roomId = externalId('ChatRoom', 1);
    const firstPage = await ok<Timeline>(TIMELINE, { roomId, first: 3 });
    const total = firstPage.roomObservations.totalCount;
    expect(total).toBeGreaterThan(3);
    const rest = await ok<Timeline>(TIMELINE, {
      roomId,
      first: 200,
      after: firstPage.roomObservations.pageInfo.endCursor,
    });
    const all = [...firstPage.roomObservations.edges, ...rest.roomObservations.edges];
    expect(all).toHaveLength(total);
    const times = all.map((edge) => edge.node.at);
    expect([...times].sort()).toEqual(times);
    expect(all.every((edge) => /^[0-9a-f]{64}$/.test(edge.node.evidenceHash))).toBe(true);
  });

  it('answers NOT_FOUND for an unknown room, a database id, or the id of another type', async () => {
    for (const roomId of [
      externalId('ChatRoom', 424242),
      '1',
      externalId('Handle', 1),
      externalId('Case', 1),
    ]) {
      const { body } = await sub.query(TIMELINE, { ...analyst, variables: { roomId } });
      expect([roomId, body.errors?.[0]?.extensions?.code]).toEqual([roomId, 'NOT_FOUND']);
    }
  });

  it('counts observations by hour of day; night rooms show up at night', async () => {
    const ACTIVITY = /* GraphQL */ `
      query Activity($filter: ChatRoomFilter) {
        roomActivityByHour(filter: $filter) {
          hour
          observations
        }
      }
    `;
    type Activity = { roomActivityByHour: { hour: number; observations: number }[] };
    const all = await ok<Activity>(ACTIVITY);
    expect(all.roomActivityByHour.map((h) => h.hour)).toEqual([...Array(24).keys()]);
    const [{ n }] = await sql<{ n: number }>('SELECT count(*)::int AS n FROM cyber.observations');
    expect(all.roomActivityByHour.reduce((sum, h) => sum + h.observations, 0)).toBe(n);
    const night = await ok<Activity>(ACTIVITY, { filter: { maxMembers: 12, activeAt: 23 } });
    const byHour = night.roomActivityByHour;
    const inWindow = byHour.filter((h) => h.hour >= 21 || h.hour < 4);
    expect(inWindow.reduce((sum, h) => sum + h.observations, 0)).toBeGreaterThan(0);
    expect(byHour.filter((h) => h.hour >= 4 && h.hour < 21 && h.observations > 0)).toEqual([]);
  });
});

describe('introductionChain', () => {
  const CHAIN = /* GraphQL */ `
    query Chain($handleId: ID!, $depth: Int) {
      introductionChain(handleId: $handleId, depth: $depth) {
        id
        depth
        direction
        closesCycle
        at
        introducer {
          id
          handle
        }
        newcomer {
          id
        }
        room {
          id
        }
      }
    }
  `;
  interface Link {
    id: string;
    depth: number;
    direction: 'UP' | 'DOWN';
    closesCycle: boolean;
    introducer: { id: string };
    newcomer: { id: string };
    room: { id: string };
  }

  it('walks a seeded chain at least six deep, up from its last member', async () => {
    const data = await ok<{ chatRoom: { handles: { id: string }[] } }>(/* GraphQL */ `
      {
        chatRoom(id: "${externalId('ChatRoom', 1)}") {
          handles {
            id
          }
        }
      }
    `);
    const last = data.chatRoom.handles.at(-1)?.id ?? '';
    const { introductionChain } = await ok<{ introductionChain: Link[] }>(CHAIN, {
      handleId: last,
      depth: 10,
    });
    const up = introductionChain.filter((link) => link.direction === 'UP');
    expect(up.length).toBeGreaterThanOrEqual(6);
    expect(up.map((link) => link.depth)).toEqual(up.map((_, i) => i + 1));
    up.slice(1).forEach((link, i) => expect(link.newcomer.id).toBe(up[i]?.introducer.id));
    const capped = await ok<{ introductionChain: Link[] }>(CHAIN, { handleId: last });
    expect(Math.max(...capped.introductionChain.map((link) => link.depth))).toBe(5);
  });

  it('walks up and down through a cycle, reports it once and stops', async () => {
    const handles = ['a', 'b', 'c', 'd', 'e', 'f'];
    const items = [
      {
        kind: 'ROOM',
        source: 'cycle-test',
        externalId: 'room',
        room: {
          platform: 'nightowl',
          externalRoomId: '77',
          title: 'Loop',
          city: 'Lanzhou',
          memberCount: 6,
          firstSeen: '2026-01-01T12:00:00Z',
        },
      },
      ...handles.map((name) => ({
        kind: 'HANDLE',
        source: 'cycle-test',
        externalId: name,
        handle: { room: 'room', handle: `loop_${name}` },
      })),
      ...handles.map((name, i) => ({
        kind: 'INTRODUCTION',
        source: 'cycle-test',
        externalId: `intro-${name}`,
        introduction: {
          introducer: name,
          newcomer: handles[(i + 1) % handles.length],
          at: `2026-01-0${i + 2}T12:00:00Z`,
        },
      })),
    ];
    const pushed = await ok<{ pushRoomIntel: { accepted: number } }>(
      /* GraphQL */ `
        mutation ($items: [RoomIntelInput!]!) {
          pushRoomIntel(items: $items) {
            accepted
          }
        }
      `,
      { items },
      { roles: ['cyber_analyst'] },
    );
    expect(pushed.pushRoomIntel.accepted).toBe(13);
    const [{ id }] = await sql<{ id: number }>(
      `SELECT id FROM cyber.handles WHERE source = 'cycle-test' AND external_id = 'a'`,
    );
    const { introductionChain } = await ok<{ introductionChain: Link[] }>(CHAIN, {
      handleId: externalId('Handle', id),
      depth: 10,
    });
    const up = introductionChain.filter((link) => link.direction === 'UP');
    const down = introductionChain.filter((link) => link.direction === 'DOWN');
    expect(up.map((link) => [link.depth, link.closesCycle])).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, false],
      [5, false],
      [6, true],
    ]);
    expect(down.map((link) => link.depth)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(down.at(-1)?.closesCycle).toBe(true);
    expect(down.at(-1)?.newcomer.id).toBe(externalId('Handle', id));
    expect(new Set(introductionChain.map((link) => link.room.id)).size).toBe(1);
    const shallow = await ok<{ introductionChain: Link[] }>(CHAIN, {
      handleId: externalId('Handle', id),
      depth: 2,
    });
    expect(shallow.introductionChain).toHaveLength(4);
  });

  it('refuses a depth outside 1–10 and answers NOT_FOUND for an unknown handle', async () => {
    for (const depth of [0, 11, 1000]) {
      const { body } = await sub.query(CHAIN, {
        ...analyst,
        variables: { handleId: externalId('Handle', 1), depth },
      });
      expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    for (const handleId of [externalId('Handle', 99999999), '1', externalId('ChatRoom', 1)]) {
      const { body } = await sub.query(CHAIN, { ...analyst, variables: { handleId } });
      expect([handleId, body.errors?.[0]?.extensions?.code]).toEqual([handleId, 'NOT_FOUND']);
    }
  });
});

describe('entities', () => {
  const ENTITIES = /* GraphQL */ `
    query ($r: [_Any!]!) {
      _entities(representations: $r) {
        ... on ChatRoom {
          id
          title
          handles {
            id
          }
        }
        ... on Handle {
          id
          handle
          room {
            id
          }
          personIdRef
        }
        ... on Person {
          id
          handles {
            id
            handle
          }
        }
        ... on Case {
          id
          chatRooms {
            id
            city
          }
        }
      }
    }
  `;
  type Entity = Record<string, unknown> | null;

  it('resolves ChatRoom and Handle by key, null for unknown ids', async () => {
    const data = await ok<{ _entities: Entity[] }>(ENTITIES, {
      r: [
        { __typename: 'ChatRoom', id: externalId('ChatRoom', 1) },
        { __typename: 'ChatRoom', id: externalId('ChatRoom', 999999) },
        { __typename: 'Handle', id: externalId('Handle', 2) },
        { __typename: 'Handle', id: 'x' },
        // A database id, or the opaque id of another type, names nothing.
        { __typename: 'ChatRoom', id: '1' },
        { __typename: 'Handle', id: '2' },
        { __typename: 'ChatRoom', id: externalId('Handle', 1) },
        { __typename: 'Handle', id: externalId('ChatRoom', 2) },
      ],
    });
    expect(data._entities[0]).toMatchObject({
      id: externalId('ChatRoom', 1),
      title: expect.any(String),
    });
    expect(data._entities[1]).toBeNull();
    expect(data._entities[2]).toMatchObject({
      id: externalId('Handle', 2),
      room: { id: externalId('ChatRoom', 1) },
    });
    expect(data._entities.slice(3)).toEqual([null, null, null, null, null]);
  });

  it('finds no room or handle by a database id or the id of another type', async () => {
    const BY_ID = /* GraphQL */ `
      query ($room: ID!, $handle: ID!) {
        chatRoom(id: $room) {
          id
        }
        handle(id: $handle) {
          id
        }
      }
    `;
    const found = await ok<{ chatRoom: unknown; handle: unknown }>(BY_ID, {
      room: externalId('ChatRoom', 1),
      handle: externalId('Handle', 1),
    });
    expect(found).toEqual({
      chatRoom: { id: externalId('ChatRoom', 1) },
      handle: { id: externalId('Handle', 1) },
    });
    for (const [room, handle] of [
      ['1', '1'],
      [externalId('Handle', 1), externalId('ChatRoom', 1)],
      [externalId('Case', 1), externalId('Person', 1)],
    ]) {
      expect(await ok(BY_ID, { room, handle })).toEqual({ chatRoom: null, handle: null });
    }
  });

  it('extends Person with handles and Case with chat rooms, for a case seen in full only', async () => {
    const [linked] = await sql<{ person_id: number; n: number }>(
      `SELECT person_id, count(*)::int AS n FROM cyber.handles WHERE person_id IS NOT NULL
       GROUP BY person_id ORDER BY person_id LIMIT 1`,
    );
    expect(linked).toBeTruthy();
    const data = await ok<{ _entities: Entity[] }>(ENTITIES, {
      r: [
        { __typename: 'Person', id: externalId('Person', linked?.person_id ?? 0) },
        { __typename: 'Person', id: externalId('Person', 299999) },
        { __typename: 'Case', id: externalId('Case', 1), restricted: false },
        { __typename: 'Case', id: externalId('Case', 1), restricted: true },
        { __typename: 'Case', id: externalId('Case', 1), restricted: 'false' },
        { __typename: 'Case', id: externalId('Case', 1) },
        // A database id, or the opaque id of another type, names no person and no case.
        { __typename: 'Person', id: String(linked?.person_id) },
        { __typename: 'Person', id: externalId('Case', linked?.person_id ?? 0) },
        { __typename: 'Case', id: '1', restricted: false },
        { __typename: 'Case', id: externalId('Person', 1), restricted: false },
      ],
    });
    const person = data._entities[0] as { handles: { id: string }[] };
    expect(person.handles).toHaveLength(linked?.n ?? -1);
    expect(data._entities[1]).toEqual({ id: externalId('Person', 299999), handles: [] });
    const rooms = (data._entities[2] as { chatRooms: { id: string; city: string }[] }).chatRooms;
    expect(rooms.map((room) => room.city).sort()).toEqual(['Lanzhou', "Xi'an"]);
    // A pointer, or a representation without an explicit "not restricted": nothing (fail closed).
    expect(data._entities.slice(3, 6)).toEqual([
      { id: externalId('Case', 1), chatRooms: [] },
      { id: externalId('Case', 1), chatRooms: [] },
      { id: externalId('Case', 1), chatRooms: [] },
    ]);
    expect(data._entities.slice(6)).toEqual([
      { id: String(linked?.person_id), handles: [] },
      { id: externalId('Case', linked?.person_id ?? 0), handles: [] },
      { id: '1', chatRooms: [] },
      { id: externalId('Person', 1), chatRooms: [] },
    ]);
    const handle = await ok<{ _entities: Entity[] }>(ENTITIES, {
      r: [{ __typename: 'Handle', id: String(person.handles[0]?.id) }],
    });
    expect(handle._entities[0]).toMatchObject({ personIdRef: String(linked?.person_id) });
  });

  it('reports the rooms and handles it returned for the audit trail', async () => {
    const { body } = await sub.query(
      /* GraphQL */ `
        {
          chatRoom(id: "${externalId('ChatRoom', 1)}") {
            id
            handles {
              id
            }
          }
        }
      `,
      analyst,
    );
    const data = body.data as { chatRoom: { handles: { id: string }[] } };
    const accessed = body.extensions?.hubAccessed as { type: string; id: string }[];
    expect(accessed).toContainEqual({ type: 'ChatRoom', id: externalId('ChatRoom', 1) });
    const handles = accessed.filter((record) => record.type === 'Handle');
    expect(handles.length).toBeGreaterThan(5);
    // The audit trail keeps the ids clients saw, not database ids.
    expect(handles.map((record) => record.id).sort()).toEqual(
      data.chatRoom.handles.map((handle) => handle.id).sort(),
    );
  });
});

describe('access declarations', () => {
  it('refuses a caller without cyber:read, field by field', async () => {
    const { body } = await sub.query(ROOMS, { roles: ['juvenile_officer'], variables: {} });
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
    expect(body.data).toBeNull();
  });

  it('refuses Person.handles through _entities to a caller lacking cyber:read', async () => {
    const { body } = await sub.query(
      /* GraphQL */ `
        query ($r: [_Any!]!) {
          _entities(representations: $r) {
            ... on Person {
              handles {
                id
              }
            }
          }
        }
      `,
      {
        roles: ['juvenile_officer'],
        variables: { r: [{ __typename: 'Person', id: externalId('Person', 1) }] },
      },
    );
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHORIZED_FIELD_OR_TYPE');
  });
});

describe('batching', () => {
  const NESTED = /* GraphQL */ `
    query ($first: Int) {
      chatRooms(first: $first) {
        edges {
          node {
            platform {
              name
            }
            linkedCaseIds
            observations {
              kind
            }
            handles {
              personIdRef
              introducedBy {
                handle
              }
              introduced {
                handle
              }
            }
          }
        }
      }
    }
  `;

  async function statements(first: number): Promise<number> {
    const count = async () =>
      (await sqlQueries.get()).values.find((v) => v.labels.subgraph === 'cyber')?.value ?? 0;
    const before = await count();
    await ok(NESTED, { first });
    return (await count()) - before;
  }

  it('sends as many SQL statements for 60 rooms as for 2', async () => {
    const few = await statements(2);
    const many = await statements(60);
    expect(many).toBe(few);
    expect(many).toBeLessThan(20);
  });
});
