/* Cyber intel through the real gateway: a bureau analyst's joined read, and bulk ingest. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ingestFile } from '../tools/ingest/index.js';

import { withAdmin } from './support/database.js';
import { startTestHub, type TestHub } from './support/hub.js';

/** Every request states why (the gateway requires it for protected fields). */
const PURPOSE = 'INVESTIGATION';

let hub: TestHub;
let analyst: string;

beforeAll(async () => {
  hub = await startTestHub({ seed: true });
  analyst = await hub.token({ roles: ['bureau_analyst'] });
});
afterAll(() => hub?.stop());

interface Link {
  depth: number;
  direction: string;
  introducer: { handle: string };
  newcomer: { handle: string };
}

async function handleWithDeepChain(): Promise<string> {
  const { body } = await hub.query<{
    chatRooms: { edges: { node: { handles: { id: string }[] } }[] };
  }>('{ chatRooms(first: 100) { edges { node { handles { id } } } } }', {
    token: analyst,
    purpose: PURPOSE,
  });
  const ids =
    body.data?.chatRooms.edges.flatMap((edge) => edge.node.handles.map((h) => h.id)) ?? [];
  for (const id of ids) {
    const chain = await hub.query<{ introductionChain: Link[] }>(
      'query($id: ID!) { introductionChain(handleId: $id, depth: 5) { depth } }',
      { token: analyst, purpose: PURPOSE, variables: { id } },
    );
    if (Math.max(0, ...(chain.body.data?.introductionChain ?? []).map((l) => l.depth)) >= 5) {
      return id;
    }
  }
  throw new Error('no handle with a chain five deep in the demo data');
}

it('a bureau analyst reads a case with its chat rooms, handles, persons and a five-deep introduction chain in one request', async () => {
  const handleId = await handleWithDeepChain();
  const query = /* GraphQL */ `
    query CaseIntel($handleId: ID!) {
      caseByNumber(caseNumber: "ND-2026-0001") {
        caseNumber
        chatRooms {
          title
          city
          memberCount
          handles {
            handle
            person {
              id
              fullName
            }
          }
        }
      }
      introductionChain(handleId: $handleId, depth: 5) {
        depth
        direction
        introducer {
          handle
        }
        newcomer {
          handle
        }
        room {
          title
        }
      }
    }
  `;
  const { status, body } = await hub.query<{
    caseByNumber: { chatRooms: { handles: { person: { fullName: string } | null }[] }[] };
    introductionChain: Link[];
  }>(query, { token: analyst, purpose: 'INVESTIGATION:ND-2026-0001', variables: { handleId } });
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
  const rooms = body.data?.caseByNumber.chatRooms ?? [];
  expect(rooms.length).toBeGreaterThan(0);
  const persons = rooms.flatMap((room) => room.handles).filter((h) => h.person);
  expect(persons.length).toBeGreaterThan(0);
  expect(persons[0]?.person?.fullName).toEqual(expect.any(String));
  expect(Math.max(...(body.data?.introductionChain ?? []).map((l) => l.depth))).toBe(5);
});

it('hub ingest through the gateway: twice the same file leaves the rows of one push; bad lines are named', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'hub-ingest-'));
  try {
    const lines: string[] = [];
    for (let i = 0; i < 300; i += 1) {
      lines.push(
        JSON.stringify({
          kind: 'ROOM',
          source: 'e2e',
          externalId: `room-${i}`,
          room: {
            platform: 'e2e-live',
            externalRoomId: `r${i}`,
            title: `Room ${i}`,
            city: 'Lanzhou',
            capacity: 50,
            memberCount: 10,
            firstSeen: '2025-09-01T21:00:00.000Z',
            lastSeen: '2025-09-02T02:00:00.000Z',
          },
        }),
      );
    }
    lines.splice(100, 0, '{ not json');
    lines.splice(
      200,
      0,
      JSON.stringify({ kind: 'ROOM', source: 'e2e', externalId: 'bad-room', room: { title: '' } }),
    );
    const file = path.join(dir, 'intel.ndjson');
    await writeFile(file, `${lines.join('\n')}\n`);
    const token = await hub.token({ roles: ['cyber_analyst'] });
    const first = await ingestFile({ file, gatewayUrl: hub.gatewayUrl, token, batchSize: 50 });
    const second = await ingestFile({ file, gatewayUrl: hub.gatewayUrl, token, batchSize: 50 });
    expect(first).toMatchObject({ accepted: 300, duplicates: 0 });
    expect(second).toMatchObject({ accepted: 0, duplicates: 300 });
    expect(first.problems.map((p) => p.line)).toEqual([101, 201]);
    const rows = await withAdmin(
      hub.databases.cyber ?? '',
      async (client) =>
        (await client.query("SELECT count(*)::int AS n FROM cyber.chat_rooms WHERE source = 'e2e'"))
          .rows[0],
    );
    expect(rows.n).toBe(300);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
