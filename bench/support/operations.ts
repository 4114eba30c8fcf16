/**
 * What the side-by-side benchmark sends: three read operations (a case with its suspects,
 * their persons and handles; a person search; a chat room with its handles and their persons),
 * an intel push and an audit-trail query — each with variables drawn in turn from pools read
 * from the seeded article profile, so no two consecutive requests ask the same thing.
 */
import pg from 'pg';

import { externalId } from '../../subgraphs/kit/index.js';

export type OperationName = 'case' | 'persons' | 'room' | 'push' | 'audit';

export interface Operation {
  readonly name: OperationName;
  /** How BENCHMARKS.md names it. */
  readonly label: string;
  /** Roles of the caller's token. */
  readonly roles: readonly string[];
  readonly purpose: string;
  readonly operationName: string;
  readonly query: string;
  /** The floor server (D) answers it too. */
  readonly floor: boolean;
  /** The request body of the next request (variables vary from one request to the next). */
  nextBody(): string;
}

export const CASE_QUERY = /* GraphQL */ `
  query CaseFile($id: ID!) {
    case(id: $id) {
      id
      caseNumber
      title
      status
      openedAt
      owningAgency {
        code
        name
      }
      suspects {
        role
        person {
          id
          fullName
          gender
          nationalId
          dateOfBirth
          identityMasked
          handles {
            id
            handle
          }
        }
      }
    }
  }
`;

export const PERSONS_QUERY = /* GraphQL */ `
  query PersonSearch($search: String!) {
    persons(search: $search, first: 20) {
      edges {
        node {
          id
          fullName
          gender
          nationalId
          dateOfBirth
          identityMasked
        }
      }
    }
  }
`;

export const ROOM_QUERY = /* GraphQL */ `
  query RoomFile($id: ID!) {
    chatRoom(id: $id) {
      id
      title
      city
      memberCount
      activeFrom
      activeTo
      inviteOnly
      platform {
        code
        name
      }
      handles {
        id
        handle
        person {
          id
          fullName
          identityMasked
        }
      }
    }
  }
`;

const PUSH_QUERY = /* GraphQL */ `
  mutation PushIntel($items: [RoomIntelInput!]!) {
    pushRoomIntel(items: $items) {
      accepted
      duplicates
      rejected
    }
  }
`;

const AUDIT_QUERY = /* GraphQL */ `
  query AccessLog($filter: AccessLogFilter) {
    accessLog(filter: $filter, first: 20) {
      edges {
        node {
          id
          at
          operationName
          outcome
          purpose
          principal {
            sub
            agency
          }
        }
      }
    }
  }
`;

/** Takes the pool's values in turn, forever. */
function cycle<T>(values: readonly T[]): () => T {
  if (values.length === 0) {
    throw new Error('empty variable pool');
  }
  let next = 0;
  return () => {
    const value = values[next % values.length] as T;
    next += 1;
    return value;
  };
}

function body(query: string, operationName: string, variables: Record<string, unknown>): string {
  return JSON.stringify({ query, operationName, variables });
}

/** The agency of every read token (its own cases and GREEN ones are seen in full). */
export const READER_AGENCY = 'GS-NB';

export interface Pools {
  readonly caseIds: readonly string[];
  readonly searches: readonly string[];
  readonly roomIds: readonly string[];
}

/** Variable pools from the seeded article profile (run as the administrator). */
export async function readPools(narcoticsUrl: string, cyberUrl: string): Promise<Pools> {
  const narcotics = new pg.Client({ connectionString: narcoticsUrl });
  const cyber = new pg.Client({ connectionString: cyberUrl });
  await Promise.all([narcotics.connect(), cyber.connect()]);
  try {
    const cases = await narcotics.query<{ id: number }>(
      `SELECT c.id FROM narcotics.cases c
        WHERE (c.dissemination = 'GREEN' OR c.owning_agency_code = $1)
          AND EXISTS (SELECT 1 FROM narcotics.case_suspects s WHERE s.case_id = c.id)
        ORDER BY md5(c.id::text) LIMIT 300`,
      [READER_AGENCY],
    );
    // Surnames and "surname + first letter of a given name": searches of a few to a few
    // hundred hits, as an officer types them.
    const words = await narcotics.query<{ search: string }>(
      `SELECT search FROM (
         SELECT split_part(full_name, ' ', 1) AS search, count(*) AS n FROM narcotics.persons GROUP BY 1
         UNION ALL
         SELECT split_part(full_name, ' ', 1) || ' ' || left(split_part(full_name, ' ', 2), 1), count(*)
           FROM narcotics.persons GROUP BY 1) w
        WHERE n BETWEEN 3 AND 400 ORDER BY md5(search) LIMIT 200`,
    );
    const rooms = await cyber.query<{ id: number }>(
      `SELECT room_id AS id FROM cyber.handles WHERE person_id IS NOT NULL
        GROUP BY room_id ORDER BY md5(room_id::text) LIMIT 300`,
    );
    return {
      caseIds: cases.rows.map((row) => externalId('Case', row.id)),
      searches: words.rows.map((row) => row.search),
      roomIds: rooms.rows.map((row) => externalId('ChatRoom', row.id)),
    };
  } finally {
    await Promise.all([narcotics.end(), cyber.end()]);
  }
}

const INVESTIGATOR = ['narcotics_investigator'];

/** A small push of fresh intel: one room, three handles, an introduction, two observations. */
function pushItems(run: string, n: number): Record<string, unknown>[] {
  const source = `bench-${run}`;
  const room = `room-${n}`;
  const at = new Date(Date.UTC(2026, 6, 1, 13) + n * 60_000).toISOString();
  const handle = (h: number) => ({
    kind: 'HANDLE',
    source,
    externalId: `handle-${n}-${h}`,
    handle: { room, handle: `night_owl_${n}_${h}` },
  });
  return [
    {
      kind: 'ROOM',
      source,
      externalId: room,
      room: {
        platform: 'nightowl',
        externalRoomId: `nr-${run}-${n}`,
        title: `Late room ${n}`,
        city: 'Lanzhou',
        memberCount: 10 + (n % 40),
        activeFrom: '21:00',
        activeTo: '04:00',
        inviteOnly: true,
        firstSeen: at,
      },
    },
    handle(1),
    handle(2),
    handle(3),
    {
      kind: 'INTRODUCTION',
      source,
      externalId: `intro-${n}`,
      introduction: { introducer: `handle-${n}-1`, newcomer: `handle-${n}-2`, at },
    },
    ...[1, 2].map((o) => ({
      kind: 'OBSERVATION',
      source,
      externalId: `obs-${n}-${o}`,
      observation: {
        room,
        at,
        kind: 'LIVE_DRUG_USE',
        summary: `Observed on webcam (${o})`,
        evidenceHash: 'ab'.repeat(32),
        reportingOfficer: 'bench-officer',
      },
    })),
  ];
}

const AUDIT_FILTERS: readonly Record<string, unknown>[] = [
  { agency: READER_AGENCY },
  { operationName: 'CaseFile' },
  { operationName: 'PersonSearch', agency: READER_AGENCY },
  { outcome: 'OK' },
  { recordType: 'Person' },
  { purpose: 'INVESTIGATION', operationName: 'RoomFile' },
  {},
  { officer: 'officer-mps-cyber-cyber_analyst' },
];

export function operations(pools: Pools, run: string): Operation[] {
  const caseId = cycle(pools.caseIds);
  const search = cycle(pools.searches);
  const roomId = cycle(pools.roomIds);
  const auditFilter = cycle(AUDIT_FILTERS);
  let pushes = 0;
  return [
    {
      name: 'case',
      label: 'case with suspects, persons and handles',
      roles: INVESTIGATOR,
      purpose: 'INVESTIGATION',
      operationName: 'CaseFile',
      query: CASE_QUERY,
      floor: true,
      nextBody: () => body(CASE_QUERY, 'CaseFile', { id: caseId() }),
    },
    {
      name: 'persons',
      label: 'person search',
      roles: INVESTIGATOR,
      purpose: 'INVESTIGATION',
      operationName: 'PersonSearch',
      query: PERSONS_QUERY,
      floor: true,
      nextBody: () => body(PERSONS_QUERY, 'PersonSearch', { search: search() }),
    },
    {
      name: 'room',
      label: 'chat room with handles and persons',
      roles: INVESTIGATOR,
      purpose: 'INVESTIGATION',
      operationName: 'RoomFile',
      query: ROOM_QUERY,
      floor: true,
      nextBody: () => body(ROOM_QUERY, 'RoomFile', { id: roomId() }),
    },
    {
      name: 'push',
      label: 'intel push (7 items)',
      roles: ['cyber_analyst'],
      purpose: 'INVESTIGATION',
      operationName: 'PushIntel',
      query: PUSH_QUERY,
      floor: false,
      nextBody: () => {
        pushes += 1;
        return body(PUSH_QUERY, 'PushIntel', { items: pushItems(run, pushes) });
      },
    },
    {
      name: 'audit',
      label: 'audit-trail query',
      roles: ['auditor'],
      purpose: 'AUDIT',
      operationName: 'AccessLog',
      query: AUDIT_QUERY,
      floor: false,
      nextBody: () => body(AUDIT_QUERY, 'AccessLog', { filter: auditFilter() }),
    },
  ];
}
