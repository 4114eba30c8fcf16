/**
 * Every `id` field the subgraph serves shows the opaque id (kit/ids.ts) of the row behind it,
 * made for the field's type: one place, for the whole schema, instead of in each resolver. A
 * value that is already a string (an id that came in a representation) passes as it is.
 */
import { defaultFieldResolver, getNamedType, isObjectType, type GraphQLSchema } from 'graphql';

import { externalId } from './ids.js';

export function encodeIdFields(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('_')) {
      continue;
    }
    const field = type.getFields().id;
    if (!field || getNamedType(field.type).name !== 'ID') {
      continue;
    }
    const resolve = field.resolve ?? defaultFieldResolver;
    field.resolve = async (source, args, context, info) => {
      const value: unknown = await resolve(source, args, context, info);
      return typeof value === 'number' ? externalId(type.name, value) : value;
    };
  }
}
