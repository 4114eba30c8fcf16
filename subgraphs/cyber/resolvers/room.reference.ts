import type { ChatRoom } from '../entities/chat-room.entity.js';
import type { CyberContext } from '../loaders.js';

/** `_entities` for ChatRoom: the same batched loader as every other path; null when unknown. */
export function resolveChatRoomReference(
  reference: { id: string },
  context: CyberContext,
): Promise<ChatRoom | null> {
  return context.loaders.roomById.load(reference.id);
}
