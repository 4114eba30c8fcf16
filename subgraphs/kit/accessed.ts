/**
 * Records-accessed reporting for the audit trail: every field that returns one of the
 * subgraph's sensitive types (and every `_entities` resolution of one) notes the type and id
 * of what it returned. Done once here, for the whole schema, instead of in each resolver.
 */
import { getNamedType, isObjectType, type GraphQLSchema } from 'graphql';

import type { SubgraphContext } from './context.js';
import { wrapReferenceResolver } from './references.js';

function note(context: SubgraphContext, type: string, value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach((item) => note(context, type, item));
    return;
  }
  const id = (value as { id?: unknown } | null)?.id;
  if (typeof id === 'string' || typeof id === 'number') {
    context.accessed.add(type, id);
  }
}

async function noted(context: SubgraphContext, type: string, result: unknown): Promise<unknown> {
  const value = await result;
  note(context, type, value);
  return value;
}

export function trackAccessedRecords(
  schema: GraphQLSchema,
  sensitiveTypes: readonly string[],
): void {
  const sensitive = new Set(sensitiveTypes);
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) {
      continue;
    }
    if (sensitive.has(type.name)) {
      wrapReferenceResolver(
        type,
        (resolve) => (reference, context, info) =>
          noted(context as SubgraphContext, type.name, resolve(reference, context, info)),
      );
    }
    for (const field of Object.values(type.getFields())) {
      const returned = getNamedType(field.type).name;
      if (!sensitive.has(returned) || !field.resolve) {
        if (sensitive.has(returned)) {
          field.resolve = (source, _args, context: SubgraphContext, info) =>
            noted(context, returned, (source as Record<string, unknown>)[info.fieldName]);
        }
        continue;
      }
      const resolve = field.resolve;
      field.resolve = (source, args, context: SubgraphContext, info) =>
        noted(context, returned, resolve(source, args, context, info));
    }
  }
}
