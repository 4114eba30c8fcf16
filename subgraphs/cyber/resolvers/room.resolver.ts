import { Arg, Ctx, Directive, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';

import {
  NotFoundError,
  validateInput,
  type Connection,
  listSize,
  PAGE_SIZED_BY_FIRST,
  ASSUMED_LIST_SIZE,
  DEFAULT_PAGE_SIZE,
} from '../../kit/index.js';
import { CYBER_READ, INACCESSIBLE } from '../directives.js';
import { ChatRoom } from '../entities/chat-room.entity.js';
import { ChatRoomConnection, ObservationConnection } from '../entities/connections.type.js';
import { Handle } from '../entities/handle.entity.js';
import { Observation, ObservationKind } from '../entities/observation.entity.js';
import { Platform } from '../entities/platform.entity.js';
import { foreignKey } from '../entities/references.type.js';
import { HourActivity } from '../entities/results.type.js';
import { ChatRoomFilter, chatRoomFilterSchema } from '../inputs/chat-room-filter.input.js';
import { ROOM_OBSERVATIONS_INLINE, type CyberContext } from '../loaders.js';
import { listRoomObservations } from '../repositories/observation.repository.js';
import { activityByHour, HOURS_OF_DAY, listRooms } from '../repositories/room.repository.js';

/** Chat room queries and what hangs off a room (all batched through the loaders). */
@Resolver(() => ChatRoom)
export class RoomResolver {
  @Query(() => ChatRoom, { nullable: true, description: 'A chat room by id; null when unknown.' })
  @Directive(CYBER_READ)
  chatRoom(
    @Arg('id', () => ID) id: string,
    @Ctx() { loaders }: CyberContext,
  ): Promise<ChatRoom | null> {
    return loaders.roomById.load(id);
  }

  @Query(() => ChatRoomConnection, { description: 'Chat rooms, most recently seen first.' })
  @Directive(CYBER_READ)
  @Directive(PAGE_SIZED_BY_FIRST)
  async chatRooms(
    @Arg('filter', () => ChatRoomFilter, { nullable: true }) filter: ChatRoomFilter | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE })
    first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() { scope }: CyberContext,
  ): Promise<Connection<ChatRoom>> {
    const values = validateInput(chatRoomFilterSchema, filter ?? {});
    return listRooms(await scope.manager(), values, scope.page(first, after));
  }

  @Query(() => ObservationConnection, {
    description: "A room's observations as a timeline, oldest first.",
  })
  @Directive(CYBER_READ)
  @Directive(PAGE_SIZED_BY_FIRST)
  async roomObservations(
    @Arg('roomId', () => ID) roomId: string,
    @Arg('kind', () => ObservationKind, { nullable: true }) kind: ObservationKind | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE })
    first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() { loaders, scope }: CyberContext,
  ): Promise<Connection<Observation>> {
    const room = await loaders.roomById.load(roomId);
    if (!room) {
      throw new NotFoundError('roomId: chat room');
    }
    return listRoomObservations(await scope.manager(), room.id, kind, scope.page(first, after));
  }

  @Query(() => [HourActivity], {
    description:
      'Observations in the rooms the filter matches, per hour of day (China Standard Time), ' +
      'all 24 hours.',
  })
  @Directive(CYBER_READ)
  @Directive(listSize(HOURS_OF_DAY))
  async roomActivityByHour(
    @Arg('filter', () => ChatRoomFilter, { nullable: true }) filter: ChatRoomFilter | null,
    @Arg('kind', () => ObservationKind, { nullable: true }) kind: ObservationKind | null,
    @Ctx() { scope }: CyberContext,
  ): Promise<HourActivity[]> {
    const values = validateInput(chatRoomFilterSchema, filter ?? {});
    return activityByHour(await scope.manager(), values, kind);
  }

  @Query(() => [Platform], { description: 'Platforms rooms were found on, by code.' })
  @Directive(CYBER_READ)
  @Directive(listSize(ASSUMED_LIST_SIZE))
  async platforms(@Ctx() { scope }: CyberContext): Promise<Platform[]> {
    const manager = await scope.manager();
    return manager.getRepository(Platform).find({ order: { code: 'ASC' } });
  }

  @FieldResolver(() => Platform)
  async platform(@Root() room: ChatRoom, @Ctx() { loaders }: CyberContext): Promise<Platform> {
    return (
      (await loaders.platformByCode.load(room.platformCode)) ?? {
        code: room.platformCode,
        name: room.platformCode,
      }
    );
  }

  @FieldResolver(() => [Handle], { description: 'Handles seen in the room.' })
  @Directive(listSize(ASSUMED_LIST_SIZE))
  handles(@Root() room: ChatRoom, @Ctx() { loaders }: CyberContext): Promise<Handle[]> {
    return loaders.handlesByRoom.load(room.id);
  }

  @FieldResolver(() => [Observation], {
    description: `The room's latest ${ROOM_OBSERVATIONS_INLINE} observations, newest first (all of them: Query.roomObservations).`,
  })
  @Directive(listSize(ROOM_OBSERVATIONS_INLINE))
  observations(@Root() room: ChatRoom, @Ctx() { loaders }: CyberContext): Promise<Observation[]> {
    return loaders.latestObservationsByRoom.load(room.id);
  }

  /**
   * For the query planner only: the narcotics subgraph resolves `ChatRoom.linkedCases` from
   * these ids under its own row-level security (rules.ts), so no client reads a case id here.
   */
  @FieldResolver(() => [ID], {
    description: 'Ids of the cases the room is tied to (planner only).',
  })
  @Directive(INACCESSIBLE)
  async linkedCaseIds(@Root() room: ChatRoom, @Ctx() { loaders }: CyberContext): Promise<string[]> {
    const links = await loaders.caseLinksByRoom.load(room.id);
    return links.map((link) => foreignKey(link.caseId));
  }
}
