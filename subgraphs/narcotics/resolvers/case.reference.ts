import type { Case } from '../entities/case.entity.js';
import type { NarcoticsContext } from '../loaders.js';

/**
 * `_entities` for Case: the same batched loader as every other path; null when unknown.
 * Reports the record itself for the reason given in person.reference.ts.
 */
export async function resolveCaseReference(
  reference: { id: string },
  context: NarcoticsContext,
): Promise<Case | null> {
  const found = await context.loaders.caseById.load(reference.id);
  if (found) {
    context.accessed.add('Case', found.id);
  }
  return found;
}
