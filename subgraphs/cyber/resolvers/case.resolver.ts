import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';

import { CYBER_READ } from '../directives.js';
import { ChatRoom } from '../entities/chat-room.entity.js';
import { CaseRef } from '../entities/references.type.js';
import type { CyberContext } from '../loaders.js';

/** The narcotics `Case`, extended with the chat rooms tied to it. */
@Resolver(() => CaseRef)
export class CaseRoomsResolver {
  @FieldResolver(() => [ChatRoom], { description: 'Chat rooms tied to this case.' })
  @Directive(CYBER_READ)
  chatRooms(@Root() reference: CaseRef, @Ctx() { loaders }: CyberContext): Promise<ChatRoom[]> {
    return loaders.roomsByCase.load(reference.id);
  }
}
