/* pushRoomIntel against real PostgreSQL: idempotency, per-item errors, atomicity, access, namespaces. */
import { withAdmin } from '../../test/support/database.js';
import { asRuntimeRole, vouchedFor } from '../../test/support/runtime-role.js';
import {
  startTestSubgraph,
  type CallerOptions,
  type TestSubgraph,
} from '../../test/support/subgraph.js';
import { externalId } from '../kit/index.js';

import { syntheticIntel, type RawIntelItem } from './seed/synthetic.js';

import { cyberSubgraph } from './index.js';

let sub: TestSubgraph;
const pusher: CallerOptions = { roles: ['cyber_analyst'] };

beforeAll(async () => {
  sub = await startTestSubgraph(cyberSubgraph);
});
afterAll(() => sub?.stop());

const PUSH = /* GraphQL */ `
  mutation Push($items: [RoomIntelInput!]!) {
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

async function push(items: unknown[], caller = pusher) {
  return sub.query<{ pushRoomIntel: PushResult }>(PUSH, { ...caller, variables: { items } });
}

async function pushOk(items: unknown[]): Promise<PushResult> {
  const { body } = await push(items);
  expect(body.errors).toBeUndefined();
  return body.data?.pushRoomIntel as PushResult;
}

const TABLES = ['chat_rooms', 'handles', 'introductions', 'observations', 'room_case_links'];

/** Rows per table of one source, counted through the administrative connection. */
async function rowsOf(source: string): Promise<Record<string, number>> {
  return withAdmin(sub.database.url, async (client) => {
    const counts: Record<string, number> = {};
    for (const table of TABLES) {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM cyber.${table} WHERE source = $1`,
        [source],
      );
      counts[table] = rows[0]?.n ?? -1;
    }
    return counts;
  });
}

/**
 * A synthetic item as a client pushes it: the generator names demo persons and cases by their
 * database ids; a client names them by the ids the API shows.
 */
function asClientSends(item: RawIntelItem): RawIntelItem {
  const handle = item.handle as { personId?: string | null } | undefined;
  if (item.kind === 'HANDLE' && handle?.personId) {
    return { ...item, handle: { ...handle, personId: externalId('Person', +handle.personId) } };
  }
  const link = item.caseLink as { caseId: string } | undefined;
  if (item.kind === 'CASE_LINK' && link) {
    return { ...item, caseLink: { ...link, caseId: externalId('Case', +link.caseId) } };
  }
  return item;
}

function intel(source: string, count: number, prefix = ''): RawIntelItem[] {
  const items: RawIntelItem[] = [];
  for (const raw of syntheticIntel({
    seed: 7,
    source,
    rooms: 1000,
    maxHandlesPerRoom: 20,
    observationsPerRoom: [4, 12],
    caseIds: 60,
    personIds: 300,
    idPrefix: prefix,
  })) {
    const item = asClientSends(raw);
    items.push(item);
    if (items.length === count) {
      break;
    }
  }
  return items;
}

function tableOf(kind: string): string {
  return {
    ROOM: 'chat_rooms',
    HANDLE: 'handles',
    INTRODUCTION: 'introductions',
    OBSERVATION: 'observations',
    CASE_LINK: 'room_case_links',
  }[kind] as string;
}

function expectedRows(items: RawIntelItem[]): Record<string, number> {
  const counts = Object.fromEntries(TABLES.map((table) => [table, 0]));
  for (const item of items) {
    counts[tableOf(item.kind)] += 1;
  }
  return counts;
}

async function pushAll(items: RawIntelItem[], batch = 1000) {
  const total = { accepted: 0, duplicates: 0, rejected: 0 };
  for (let i = 0; i < items.length; i += batch) {
    const result = await pushOk(items.slice(i, i + batch));
    total.accepted += result.accepted;
    total.duplicates += result.duplicates;
    total.rejected += result.rejected;
  }
  return total;
}

describe('idempotency', () => {
  it('pushing the same 10,000 items twice leaves exactly the rows of one push', async () => {
    const items = intel('idem', 10_000);
    const started = performance.now();
    const first = await pushAll(items);
    const elapsed = performance.now() - started;
    console.log(
      `pushRoomIntel: 10,000 items in 10 batches in ${Math.round(elapsed)} ms ` +
        `(${Math.round(10_000 / (elapsed / 1000))} items/s, straight to the subgraph)`,
    );
    expect(first).toEqual({ accepted: 10_000, duplicates: 0, rejected: 0 });
    const once = await rowsOf('idem');
    expect(once).toEqual(expectedRows(items));
    const second = await pushAll(items);
    expect(second).toEqual({ accepted: 0, duplicates: 10_000, rejected: 0 });
    expect(await rowsOf('idem')).toEqual(once);
    const shuffled = await pushAll([...items.slice(5000), ...items.slice(0, 5000)]);
    expect(shuffled.duplicates).toBe(10_000);
    expect(await rowsOf('idem')).toEqual(once);
  });

  it('counts a repeat within one batch as a duplicate and resolves earlier batches', async () => {
    const items = intel('repeat', 40, 'r-');
    const room = items[0];
    const result = await pushOk([...items.slice(0, 20), room, items[1]]);
    expect(result).toMatchObject({ accepted: 20, duplicates: 2, rejected: 0 });
    const rest = await pushOk(items.slice(20));
    expect(rest).toMatchObject({ accepted: 20, rejected: 0 });
    expect(await rowsOf('repeat')).toEqual(expectedRows(items));
  });

  it('resolves a reference to another source when it names one', async () => {
    const [room] = intel('source-a', 1, 'cross-');
    const result = await pushOk([
      room,
      {
        kind: 'HANDLE',
        source: 'source-b',
        externalId: 'h1',
        handle: { room: room?.externalId, roomSource: 'source-a', handle: 'x' },
      },
      {
        kind: 'HANDLE',
        source: 'source-b',
        externalId: 'h2',
        handle: { room: room?.externalId, handle: 'y' },
      },
    ]);
    expect(result.accepted).toBe(2);
    expect(result.errors).toEqual([
      {
        index: 2,
        code: 'NOT_FOUND',
        message: expect.stringContaining('(source-b, cross-room-00001)'),
      },
    ]);
  });
});

describe('bad items', () => {
  it('rejects 1% bad items by index and accepts the rest', async () => {
    const items: unknown[] = intel('one-percent', 1000, 'p-');
    const handle = items.find((item) => (item as RawIntelItem).kind === 'HANDLE') as RawIntelItem;
    const bad: Record<number, [code: string, message: RegExp, item: unknown]> = {
      17: [
        'BAD_USER_INPUT',
        /^room\.memberCount: must not be negative/,
        withPart(items[0], 'room', { memberCount: -1 }),
      ],
      99: [
        'BAD_USER_INPUT',
        /^observation\.evidenceHash: must be a SHA-256/,
        observation({ evidenceHash: 'abc' }),
      ],
      150: [
        'NOT_FOUND',
        /^room \(one-percent, nowhere\) is not on record/,
        withPart(handle, 'handle', { room: 'nowhere' }),
      ],
      222: [
        'BAD_USER_INPUT',
        /^handle: must not be set when kind is ROOM/,
        { ...(items[0] as object), externalId: 'x', handle: handle.handle },
      ],
      301: [
        'BAD_USER_INPUT',
        /^a handle cannot introduce itself/,
        introduction(handle.externalId, handle.externalId),
      ],
      402: [
        'NOT_FOUND',
        /^newcomer handle \(one-percent, ghost\)/,
        introduction(handle.externalId, 'ghost'),
      ],
      555: [
        'BAD_USER_INPUT',
        /^room\.activeTo: activeFrom and activeTo go together/,
        withPart(items[0], 'room', { activeTo: null }),
      ],
      640: [
        'BAD_USER_INPUT',
        /^observation\.at: must be between 2000 and now/,
        observation({ at: '2999-01-01T00:00:00Z' }),
      ],
      777: [
        'BAD_USER_INPUT',
        /^source: must be/,
        { ...(items[5] as object), source: 'bad source!' },
      ],
      901: [
        'BAD_USER_INPUT',
        /^caseLink\.caseId: must be the id of a Case/,
        {
          kind: 'CASE_LINK',
          source: 'one-percent',
          externalId: 'l',
          caseLink: { room: 'p-room-00001', caseId: 'abc' },
        },
      ],
    };
    const batch = items.map((item, index) => bad[index]?.[2] ?? item);
    // What the bad items replaced is missing, and so is whatever referred to a missing item.
    const missing = new Set(
      Object.keys(bad).map((i) => (items[Number(i)] as RawIntelItem).externalId),
    );
    const { body } = await push(batch);
    expect(body.errors).toBeUndefined();
    const result = body.data?.pushRoomIntel as PushResult;
    const expected = Object.entries(bad).map(([index, [code, message]]) => ({
      index: Number(index),
      code,
      message: expect.stringMatching(message),
    }));
    const knockOn = result.errors.filter((error) => !(error.index in bad));
    for (const error of knockOn) {
      expect(error.code).toBe('NOT_FOUND');
      const cause = [...missing].find((id) => error.message.includes(`, ${id})`));
      expect([error.message, cause]).toEqual([error.message, expect.any(String)]);
      missing.add((items[error.index] as RawIntelItem).externalId);
    }
    expect(result.errors.filter((error) => error.index in bad)).toEqual(expected);
    expect(result.accepted).toBe(1000 - 10 - knockOn.length);
    expect(result.rejected).toBe(10 + knockOn.length);
    const rows = await rowsOf('one-percent');
    expect(Object.values(rows).reduce((a, b) => a + b, 0)).toBe(result.accepted);

    function withPart(item: unknown, part: string, change: object) {
      const raw = item as RawIntelItem;
      return {
        ...raw,
        externalId: `${raw.externalId}-bad`,
        [part]: { ...(raw[part] as object), ...change },
      };
    }
    function observation(change: object) {
      return {
        kind: 'OBSERVATION',
        source: 'one-percent',
        externalId: `obs-bad-${JSON.stringify(change).length}`,
        observation: {
          room: 'p-room-00001',
          at: '2026-01-01T00:00:00Z',
          kind: 'SALE_OFFER',
          summary: 'x',
          evidenceHash: 'a'.repeat(64),
          reportingOfficer: 'CY-0001',
          ...change,
        },
      };
    }
    function introduction(introducer: string, newcomer: string) {
      return {
        kind: 'INTRODUCTION',
        source: 'one-percent',
        externalId: `intro-bad-${introducer}-${newcomer}`,
        introduction: {
          introducer,
          newcomer,
          at: '2026-01-01T00:00:00Z',
        },
      };
    }
  });

  it('refuses a batch over 1000 items whole, writing nothing', async () => {
    const { body } = await push(intel('too-many', 1001, 'tm-'));
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.message).toMatch(/at most 1000/);
    expect(Object.values(await rowsOf('too-many'))).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('all or nothing', () => {
  async function admin(sql: string): Promise<void> {
    await withAdmin(sub.database.url, (client) => client.query(sql));
  }

  afterEach(async () => {
    await admin(`DROP TRIGGER IF EXISTS test_fault ON cyber.observations;
                 DROP FUNCTION IF EXISTS cyber.test_fault()`);
  });

  it('writes nothing of a batch when the database fails on its last statement', async () => {
    await admin(`CREATE FUNCTION cyber.test_fault() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.summary = 'FAIL' THEN RAISE EXCEPTION 'disk on fire'; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER test_fault BEFORE INSERT ON cyber.observations
        FOR EACH ROW EXECUTE FUNCTION cyber.test_fault()`);
    const items = intel('fault', 300, 'f-');
    const last = items.map((item) => item.kind).lastIndexOf('OBSERVATION');
    const poisoned = items.map((item, i) =>
      i === last
        ? { ...item, observation: { ...(item.observation as object), summary: 'FAIL' } }
        : item,
    );
    const { body } = await push(poisoned);
    expect(body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(JSON.stringify(body)).not.toMatch(/disk on fire|INSERT|cyber\./);
    expect(Object.values(await rowsOf('fault'))).toEqual([0, 0, 0, 0, 0]);
    await admin('DROP TRIGGER test_fault ON cyber.observations');
    expect((await pushOk(poisoned)).accepted).toBe(300);
  });

  it('writes nothing when its connection is killed mid-batch, then serves the next push', async () => {
    await admin(`CREATE FUNCTION cyber.test_fault() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.summary = 'SLOW' THEN PERFORM pg_sleep(30); END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER test_fault BEFORE INSERT ON cyber.observations
        FOR EACH ROW EXECUTE FUNCTION cyber.test_fault()`);
    const items = intel('killed', 300, 'k-');
    const at = items.findIndex((item) => item.kind === 'OBSERVATION');
    const slow = items.map((item, i) =>
      i === at
        ? { ...item, observation: { ...(item.observation as object), summary: 'SLOW' } }
        : item,
    );
    const pending = push(slow);
    const killed = await withAdmin(sub.database.url, async (client) => {
      for (let attempt = 0; attempt < 100; attempt += 1) {
        const { rows } = await client.query<{ killed: boolean }>(
          `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity
           WHERE datname = current_database() AND usename = 'hub_cyber_app'
             AND wait_event = 'PgSleep'`,
        );
        if (rows.length > 0) {
          return rows.every((row) => row.killed);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return false;
    });
    expect(killed).toBe(true);
    const { body } = await pending;
    expect(body.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(Object.values(await rowsOf('killed'))).toEqual([0, 0, 0, 0, 0]);
    await admin('DROP TRIGGER test_fault ON cyber.observations');
    expect((await pushOk(slow)).accepted).toBe(300);
    expect(await rowsOf('killed')).toEqual(expectedRows(items));
  });
});

describe('access', () => {
  it('refuses pushRoomIntel to a cyber:read caller with UNAUTHORIZED_FIELD_OR_TYPE', async () => {
    const { body } = await push(intel('read-only', 5, 'ro-'), { roles: ['bureau_analyst'] });
    expect(body.data).toBeNull();
    expect(body.errors?.[0]).toMatchObject({
      path: ['pushRoomIntel'],
      extensions: { code: 'UNAUTHORIZED_FIELD_OR_TYPE' },
    });
    expect(Object.values(await rowsOf('read-only'))).toEqual([0, 0, 0, 0, 0]);
  });
});

describe('source namespaces belong to the pushing agency (rules.ts)', () => {
  const gs: CallerOptions = { roles: ['cyber_analyst'], agency: 'GS-CYB', province: 'GS' };
  const sn: CallerOptions = { roles: ['cyber_analyst'], agency: 'SN-CYB', province: 'SN' };
  const room = (externalId: string, title: string) => ({
    kind: 'ROOM',
    source: 'shared-feed',
    externalId,
    room: {
      platform: 'nightowl',
      externalRoomId: externalId,
      title,
      city: 'Lanzhou',
      memberCount: 9,
      firstSeen: '2026-02-01T21:00:00Z',
    },
  });
  const handle = (externalId: string, roomId: string, name: string) => ({
    kind: 'HANDLE',
    source: 'shared-feed',
    externalId,
    handle: { room: roomId, handle: name },
  });

  async function pushedAs(caller: CallerOptions, items: unknown[]): Promise<PushResult> {
    const { body } = await push(items, caller);
    expect(body.errors).toBeUndefined();
    return body.data?.pushRoomIntel as PushResult;
  }

  it('keeps agencies apart: the same source and externalId are two items, never a duplicate', async () => {
    const mine = [room('room-1', 'Gansu room'), handle('h-1', 'room-1', 'gs_user')];
    expect(await pushedAs(gs, mine)).toMatchObject({ accepted: 2, duplicates: 0 });
    const squat = [room('room-1', 'Squatted room'), handle('h-1', 'room-1', 'sn_user')];
    expect(await pushedAs(sn, squat)).toMatchObject({ accepted: 2, duplicates: 0 });
    expect(await pushedAs(gs, mine)).toMatchObject({ accepted: 0, duplicates: 2 });

    const rows = await withAdmin(sub.database.url, async (client) =>
      client.query(
        `SELECT r.pushed_by, r.title, h.handle, h.pushed_by AS handle_pushed_by
           FROM cyber.chat_rooms r JOIN cyber.handles h ON h.room_id = r.id
          WHERE r.source = 'shared-feed' ORDER BY r.pushed_by`,
      ),
    );
    expect(rows.rows).toEqual([
      { pushed_by: 'GS-CYB', title: 'Gansu room', handle: 'gs_user', handle_pushed_by: 'GS-CYB' },
      {
        pushed_by: 'SN-CYB',
        title: 'Squatted room',
        handle: 'sn_user',
        handle_pushed_by: 'SN-CYB',
      },
    ]);
  });

  it("resolves references in the pusher's namespace only, answering as for an unknown one", async () => {
    await pushedAs(gs, [room('room-gs-only', 'Only in Gansu')]);
    const other = await pushedAs(sn, [handle('h-2', 'room-gs-only', 'sn_guest')]);
    const unknown = await pushedAs(sn, [handle('h-3', 'room-nowhere', 'sn_guest')]);
    expect(other.errors).toEqual([
      {
        index: 0,
        code: 'NOT_FOUND',
        message: 'room (shared-feed, room-gs-only) is not on record',
      },
    ]);
    expect(unknown.errors[0]?.message).toBe('room (shared-feed, room-nowhere) is not on record');
  });

  it('shows readers which agency pushed each item', async () => {
    const { body } = await sub.query<{
      chatRooms: { edges: { node: { source: string; pushedBy: string; handles: unknown[] } }[] };
    }>(
      `{ chatRooms(first: 200, filter: { search: "room" }) {
           edges { node { source pushedBy handles { pushedBy } } } } }`,
      { roles: ['bureau_analyst'] },
    );
    const shared = (body.data?.chatRooms.edges ?? [])
      .map((edge) => edge.node)
      .filter((node) => node.source === 'shared-feed');
    expect(shared.length).toBeGreaterThan(1);
    expect(new Set(shared.map((node) => node.pushedBy))).toEqual(new Set(['GS-CYB', 'SN-CYB']));
  });

  it("is enforced by the database: no runtime insert into another agency's namespace", async () => {
    const forged = `INSERT INTO cyber.chat_rooms (pushed_by, source, external_id, platform_code,
         external_room_id, title, city, member_count, first_seen, last_seen)
       VALUES ('GS-CYB', 'shared-feed', 'forged', 'nightowl', 'f', 'Forged', 'Lanzhou', 1,
         now(), now())`;
    const pusher = vouchedFor('cyber', sub.databaseKey ?? Buffer.alloc(0), {
      roles: ['cyber_analyst'],
      agency: 'SN-CYB',
    });
    const tried: Record<string, string>[] = [pusher, { 'hub.agency': 'GS-CYB' }];
    for (const settings of tried) {
      await asRuntimeRole(sub.database.url, 'cyber', settings, async (client) => {
        await expect(client.query(forged)).rejects.toMatchObject({ code: '42501' });
      });
    }
    await asRuntimeRole(sub.database.url, 'cyber', pusher, async (client) => {
      const moved = await client.query(
        `UPDATE cyber.chat_rooms SET pushed_by = 'SN-CYB' WHERE pushed_by = 'GS-CYB'`,
      );
      expect(moved.rowCount).toBe(0);
    });
  });

  it("refuses a push into the hub's own namespace (the seed's), writing nothing", async () => {
    const { body } = await push([room('room-hub', 'Hub room')], {
      roles: ['cyber_analyst'],
      agency: 'HUB',
    });
    expect(body.errors?.[0]).toMatchObject({
      path: ['pushRoomIntel'],
      extensions: { code: 'FORBIDDEN' },
    });
    const rows = await withAdmin(sub.database.url, (client) =>
      client.query(`SELECT 1 FROM cyber.chat_rooms WHERE external_id = 'room-hub'`),
    );
    expect(rows.rowCount).toBe(0);
  });

  it('takes any case or person id alike: the answer is no oracle', async () => {
    await pushedAs(gs, [room('room-links', 'Links')]);
    const linkTo = (externalId: string, caseId: string) => ({
      kind: 'CASE_LINK',
      source: 'shared-feed',
      externalId,
      caseLink: { room: 'room-links', caseId },
    });
    const personAt = (externalId: string, personId: string) => ({
      kind: 'HANDLE',
      source: 'shared-feed',
      externalId,
      handle: { room: 'room-links', handle: externalId, personId },
    });
    const answers = [];
    for (const n of [1, 2, 999999, 2147483647]) {
      answers.push(
        await pushedAs(gs, [
          linkTo(`l-${n}`, externalId('Case', n)),
          personAt(`p-${n}`, externalId('Person', n)),
        ]),
      );
    }
    expect(answers).toEqual(
      answers.map(() => ({ accepted: 2, duplicates: 0, rejected: 0, errors: [] })),
    );
  });

  it('refuses a database id or the id of another type alike, writing nothing', async () => {
    await pushedAs(gs, [room('room-bad-links', 'Bad links')]);
    const linkTo = (externalId: string, caseId: string) => ({
      kind: 'CASE_LINK',
      source: 'shared-feed',
      externalId,
      caseLink: { room: 'room-bad-links', caseId },
    });
    const personAt = (externalId: string, personId: string) => ({
      kind: 'HANDLE',
      source: 'shared-feed',
      externalId,
      handle: { room: 'room-bad-links', handle: externalId, personId },
    });
    const refused = {
      accepted: 0,
      duplicates: 0,
      rejected: 2,
      errors: [
        { index: 0, code: 'BAD_USER_INPUT', message: 'caseLink.caseId: must be the id of a Case' },
        {
          index: 1,
          code: 'BAD_USER_INPUT',
          message: 'handle.personId: must be the id of a Person',
        },
      ],
    };
    const tries: [caseId: string, personId: string][] = [
      ['1', '1'],
      ['2147483647', '2147483647'],
      [externalId('Person', 1), externalId('Case', 1)],
      [externalId('ChatRoom', 1), externalId('Handle', 1)],
      ['abc', 'abc'],
    ];
    for (const [i, [caseId, personId]] of tries.entries()) {
      const answer = await pushedAs(gs, [
        linkTo(`bad-l-${i}`, caseId),
        personAt(`bad-p-${i}`, personId),
      ]);
      expect([caseId, personId, answer]).toEqual([caseId, personId, refused]);
    }
    const rows = await withAdmin(sub.database.url, (client) =>
      client.query(
        `SELECT external_id FROM cyber.handles WHERE external_id LIKE 'bad-p-%'
         UNION ALL SELECT external_id FROM cyber.room_case_links WHERE external_id LIKE 'bad-l-%'`,
      ),
    );
    expect(rows.rows).toEqual([]);
  });
});
