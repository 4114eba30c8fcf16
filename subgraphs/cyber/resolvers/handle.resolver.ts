import { Arg, Ctx, Directive, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';

import { ASSUMED_LIST_SIZE, listSize } from '../../kit/index.js';
import { CYBER_READ, INACCESSIBLE } from '../directives.js';
import { ChatRoom } from '../entities/chat-room.entity.js';
import { Handle } from '../entities/handle.entity.js';
import { foreignKey } from '../entities/references.type.js';
import type { CyberContext } from '../loaders.js';

function present<T>(value: T | null | Error): value is T {
  return value !== null && !(value instanceof Error);
}

/** Handle queries and a handle's room, person and introductions. */
@Resolver(() => Handle)
export class HandleResolver {
  @Query(() => Handle, { nullable: true, description: 'A handle by id; null when unknown.' })
  @Directive(CYBER_READ)
  handle(
    @Arg('id', () => ID) id: string,
    @Ctx() { loaders }: CyberContext,
  ): Promise<Handle | null> {
    return loaders.handleById.load(id);
  }

  @FieldResolver(() => ChatRoom, { description: 'The room the handle was seen in.' })
  async room(@Root() handle: Handle, @Ctx() { loaders }: CyberContext): Promise<ChatRoom> {
    const room = await loaders.roomById.load(handle.roomId);
    if (!room) {
      throw new Error(`handle ${handle.id} without its room ${handle.roomId}`);
    }
    return room;
  }

  /**
   * For the query planner only: the narcotics subgraph resolves `Handle.person` from this id
   * (needing what `person(id)` needs), so a push cannot make a person readable (rules.ts).
   */
  @FieldResolver(() => ID, {
    nullable: true,
    description: 'Id of the linked person (planner only).',
  })
  @Directive(INACCESSIBLE)
  personIdRef(@Root() handle: Handle): string | null {
    return handle.personId === null ? null : foreignKey(handle.personId);
  }

  @FieldResolver(() => Handle, {
    nullable: true,
    description: 'Who introduced this handle (the earliest introduction on record).',
  })
  async introducedBy(
    @Root() handle: Handle,
    @Ctx() { loaders }: CyberContext,
  ): Promise<Handle | null> {
    const [first] = await loaders.introductionsOfNewcomer.load(handle.id);
    return first ? loaders.handleById.load(first.introducerId) : null;
  }

  @FieldResolver(() => [Handle], { description: 'Handles this one introduced, earliest first.' })
  @Directive(listSize(ASSUMED_LIST_SIZE))
  async introduced(@Root() handle: Handle, @Ctx() { loaders }: CyberContext): Promise<Handle[]> {
    const introductions = await loaders.introductionsByIntroducer.load(handle.id);
    const newcomers = [...new Set(introductions.map((i) => i.newcomerId))];
    return (await loaders.handleById.loadMany(newcomers)).filter(present);
  }
}
