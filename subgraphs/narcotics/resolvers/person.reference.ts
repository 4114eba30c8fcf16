import type { Person } from '../entities/person.entity.js';
import type { NarcoticsContext } from '../loaders.js';

/**
 * `_entities` for Person: the same batched loader as every other path (so the identity verdict
 * comes with the row, whoever asks for the person); null when unknown. Reports the record itself
 * because @apollo/subgraph 2.14 calls the resolver it keeps in `extensions.apollo.subgraph`,
 * which the kit's records-accessed wrapper does not reach (reporting twice is harmless: the kit
 * de-duplicates).
 */
export async function resolvePersonReference(
  reference: { readonly id: string },
  context: NarcoticsContext,
): Promise<Person | null> {
  const person = await context.loaders.personById.load(reference.id);
  if (person) {
    context.accessed.add('Person', person.id);
  }
  return person;
}
