import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';

import { ASSUMED_LIST_SIZE, listSize } from '../../kit/index.js';
import { CYBER_READ, requiresFields } from '../directives.js';
import { ChatRoom } from '../entities/chat-room.entity.js';
import { CaseRef } from '../entities/references.type.js';
import type { CyberContext } from '../loaders.js';
import { showsCaseContent } from '../rules.js';

/** The narcotics `Case`, extended with the chat rooms tied to it. */
@Resolver(() => CaseRef)
export class CaseRoomsResolver {
  @FieldResolver(() => [ChatRoom], {
    description: 'Chat rooms tied to this case; none for a restricted case (a pointer).',
  })
  @Directive(requiresFields('restricted'))
  @Directive(CYBER_READ)
  @Directive(listSize(ASSUMED_LIST_SIZE))
  async chatRooms(
    @Root() reference: CaseRef,
    @Ctx() { loaders }: CyberContext,
  ): Promise<ChatRoom[]> {
    return showsCaseContent(reference) ? loaders.roomsByCase.load(reference.id) : [];
  }
}
