/**
 * `_entities` for the foreign types this subgraph adds reference fields to (entities/
 * references.type.ts): the representation itself — key and `@requires`d foreign keys, nothing
 * read here. Registered (rather than left to the library's default) so the kit re-checks the
 * type's access rule on this path as well.
 */
export function representationItself<T>(reference: T): Promise<T> {
  return Promise.resolve(reference);
}
