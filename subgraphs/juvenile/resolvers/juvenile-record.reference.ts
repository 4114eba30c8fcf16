import type { JuvenileRecord } from '../entities/juvenile-record.entity.js';
import type { JuvenileContext } from '../loaders.js';

/**
 * `_entities` for JuvenileRecord: the same batched, row-level-secured loader as every other
 * path, so a sealed record the caller may not see is null exactly like an unknown id. (The kit
 * wraps this with the type's access rule and the records-accessed report.)
 */
export function resolveJuvenileRecordReference(
  reference: { id: string },
  context: JuvenileContext,
): Promise<JuvenileRecord | null> {
  return context.loaders.recordById.load(reference.id);
}
