/**
 * Per-request DataLoaders (made in the context factory, never shared between requests). Each
 * batches one level of a query into one SQL statement; keys may be GraphQL ids (strings) or
 * database ids, and an id that cannot name a row resolves to null / [].
 */

import {
  groupedLoader,
  integerIds,
  keyedLoader,
  rowsWhereIdIn,
  type Id,
  type RequestScope,
  type SortKey,
  type SubgraphContext,
} from '../kit/index.js';

import { ChatRoom } from './entities/chat-room.entity.js';
import { Handle } from './entities/handle.entity.js';
import { Introduction } from './entities/introduction.entity.js';
import { Observation } from './entities/observation.entity.js';
import { Platform } from './entities/platform.entity.js';
import { RoomCaseLink } from './entities/room-case-link.entity.js';

export type { Id };

/** Newest observations a room lists inline; the rest page through Query.roomObservations. */
export const ROOM_OBSERVATIONS_INLINE = 100;

const EARLIEST_FIRST: readonly SortKey[] = [
  { property: 'at', direction: 'ASC' },
  { property: 'id', direction: 'ASC' },
];

/** The latest few observations of each room (a window per room, not the whole history). */
function latestObservations(scope: RequestScope) {
  return async (keys: readonly Id[]): Promise<Observation[]> => {
    const ids = integerIds('ChatRoom', keys);
    if (ids.length === 0) {
      return [];
    }
    const manager = await scope.manager();
    return manager
      .getRepository(Observation)
      .createQueryBuilder('e')
      .where(
        `e.id IN (
          SELECT latest.id FROM unnest(CAST(:ids AS integer[])) AS room (id)
          CROSS JOIN LATERAL (
            SELECT o.id FROM cyber.observations o WHERE o.room_id = room.id
            ORDER BY o.at DESC, o.id DESC LIMIT :inline) latest)`,
        { ids, inline: ROOM_OBSERVATIONS_INLINE },
      )
      .orderBy('e.at', 'DESC')
      .addOrderBy('e.id', 'DESC')
      .getMany();
  };
}

/** Rooms linked to each case, newest seen first (keyed by case id). */
function roomsOfCases(scope: RequestScope) {
  return async (keys: readonly Id[]): Promise<(ChatRoom & { linkedCaseId: number })[]> => {
    const ids = integerIds('Case', keys);
    if (ids.length === 0) {
      return [];
    }
    const manager = await scope.manager();
    const links = await manager
      .getRepository(RoomCaseLink)
      .createQueryBuilder('l')
      .where('l.caseId = ANY(CAST(:ids AS integer[]))', { ids })
      .getMany();
    if (links.length === 0) {
      return [];
    }
    const rooms = await manager
      .getRepository(ChatRoom)
      .createQueryBuilder('r')
      .where('r.id = ANY(CAST(:roomIds AS integer[]))', {
        roomIds: [...new Set(links.map((link) => link.roomId))],
      })
      .orderBy('r.lastSeen', 'DESC')
      .addOrderBy('r.id', 'DESC')
      .getMany();
    const casesOf = new Map<number, number[]>();
    for (const link of links) {
      casesOf.set(link.roomId, [...(casesOf.get(link.roomId) ?? []), link.caseId]);
    }
    return rooms.flatMap((room) =>
      (casesOf.get(room.id) ?? []).map((linkedCaseId) => ({ ...room, linkedCaseId })),
    );
  };
}

/** The loaders of one request. */
export function createLoaders(scope: RequestScope) {
  return {
    roomById: keyedLoader<Id, ChatRoom>(
      rowsWhereIdIn(scope, ChatRoom, 'id', { of: 'ChatRoom' }),
      (r) => r.id,
    ),
    handleById: keyedLoader<Id, Handle>(
      rowsWhereIdIn(scope, Handle, 'id', { of: 'Handle' }),
      (h) => h.id,
    ),
    platformByCode: keyedLoader<string, Platform>(
      async (codes) => {
        const manager = await scope.manager();
        return manager
          .getRepository(Platform)
          .createQueryBuilder('p')
          .where('p.code = ANY(CAST(:codes AS text[]))', { codes: [...codes] })
          .getMany();
      },
      (p) => p.code,
    ),
    handlesByRoom: groupedLoader<Id, Handle>(
      rowsWhereIdIn(scope, Handle, 'roomId', { of: 'ChatRoom' }),
      (h) => h.roomId,
    ),
    handlesByPerson: groupedLoader<Id, Handle>(
      rowsWhereIdIn(scope, Handle, 'personId', { of: 'Person' }),
      (h) => h.personId ?? 0,
    ),
    /** Introductions naming each handle as newcomer, earliest first. */
    introductionsOfNewcomer: groupedLoader<Id, Introduction>(
      rowsWhereIdIn(scope, Introduction, 'newcomerId', { of: 'Handle', order: EARLIEST_FIRST }),
      (i) => i.newcomerId,
    ),
    /** Introductions made by each handle, earliest first. */
    introductionsByIntroducer: groupedLoader<Id, Introduction>(
      rowsWhereIdIn(scope, Introduction, 'introducerId', { of: 'Handle', order: EARLIEST_FIRST }),
      (i) => i.introducerId,
    ),
    latestObservationsByRoom: groupedLoader<Id, Observation>(
      latestObservations(scope),
      (o) => o.roomId,
      { of: 'ChatRoom' },
    ),
    caseLinksByRoom: groupedLoader<Id, RoomCaseLink>(
      rowsWhereIdIn(scope, RoomCaseLink, 'roomId', {
        of: 'ChatRoom',
        order: [{ property: 'caseId', direction: 'ASC' }],
      }),
      (l) => l.roomId,
    ),
    roomsByCase: groupedLoader<Id, ChatRoom & { linkedCaseId: number }>(
      roomsOfCases(scope),
      (r) => r.linkedCaseId,
      { of: 'Case' },
    ),
  };
}

export type CyberLoaders = ReturnType<typeof createLoaders>;

/** What every resolver of this subgraph receives. */
export type CyberContext = SubgraphContext<CyberLoaders>;
