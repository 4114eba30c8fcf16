import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';

import { ChatRoom } from '../entities/chat-room.entity.js';
import { Observation } from '../entities/observation.entity.js';
import type { CyberContext } from '../loaders.js';

@Resolver(() => Observation)
export class ObservationResolver {
  @FieldResolver(() => ChatRoom)
  async room(@Root() row: Observation, @Ctx() { loaders }: CyberContext): Promise<ChatRoom> {
    const room = await loaders.roomById.load(row.roomId);
    if (!room) {
      throw new Error(`observation ${row.id} without its room`);
    }
    return room;
  }
}
