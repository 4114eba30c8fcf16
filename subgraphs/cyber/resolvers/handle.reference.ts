import type { Handle } from '../entities/handle.entity.js';
import type { CyberContext } from '../loaders.js';

/** `_entities` for Handle: the same batched loader as every other path; null when unknown. */
export function resolveHandleReference(
  reference: { id: string },
  context: CyberContext,
): Promise<Handle | null> {
  return context.loaders.handleById.load(reference.id);
}
