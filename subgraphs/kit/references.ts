/**
 * Where `@apollo/subgraph` keeps an entity's `__resolveReference` (the type's
 * `extensions.apollo.subgraph.resolveReference`), so the kit can wrap it for `_entities`.
 */
import type { GraphQLObjectType } from 'graphql';

export type ResolveReference = (reference: unknown, context: unknown, info: unknown) => unknown;

interface SubgraphExtensions {
  apollo?: { subgraph?: { resolveReference?: ResolveReference } };
}

/** Replaces an entity's reference resolver with `wrap(original)`; no-op for non-entities. */
export function wrapReferenceResolver(
  type: GraphQLObjectType,
  wrap: (original: ResolveReference) => ResolveReference,
): boolean {
  const subgraph = (type.extensions as SubgraphExtensions).apollo?.subgraph;
  if (!subgraph?.resolveReference) {
    return false;
  }
  subgraph.resolveReference = wrap(subgraph.resolveReference);
  return true;
}
