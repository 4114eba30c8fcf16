import { Person } from '../entities/person.entity.js';
import type { NarcoticsContext } from '../loaders.js';

/** A `Person` representation, with the juvenile marker when a `@requires` field is asked for. */
export interface PersonRepresentation {
  readonly id: string;
  readonly identityProtected?: unknown;
}

/**
 * `_entities` for Person: the same batched loader as every other path; null when unknown. The
 * identity-protection marker the gateway fetched from the juvenile subgraph travels in the
 * representation and is kept on the returned person (a copy: loader rows are shared) for the
 * identity fields to mask by; a marker that is absent or not a boolean stays absent, which
 * rules.ts reads as protected. Reports the record itself because @apollo/subgraph 2.14 calls the
 * resolver it keeps in `extensions.apollo.subgraph`, which the kit's records-accessed wrapper
 * does not reach (reporting twice is harmless: the kit de-duplicates).
 */
export async function resolvePersonReference(
  reference: PersonRepresentation,
  context: NarcoticsContext,
): Promise<Person | null> {
  const person = await context.loaders.personById.load(reference.id);
  if (!person) {
    return null;
  }
  context.accessed.add('Person', person.id);
  const marker = reference.identityProtected;
  return Object.assign(new Person(), person, {
    identityProtected: typeof marker === 'boolean' ? marker : undefined,
  });
}
