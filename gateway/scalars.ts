/**
 * The supergraph declares custom scalars by name only, so the gateway would accept any value
 * for them and a subgraph would fail on it later. Here each custom scalar of the API schema
 * gets the parsing of its implementation in schema/scalars.ts — values are checked, then
 * passed on exactly as the client sent them.
 */
import { isScalarType, specifiedScalarTypes, type GraphQLSchema, type ValueNode } from 'graphql';

import { CUSTOM_SCALARS } from '../schema/scalars.js';

const BUILT_IN = new Set(specifiedScalarTypes.map((type) => type.name));

/** Gives the schema's custom scalars their checks; throws naming a scalar nobody implements. */
export function checkCustomScalars(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isScalarType(type) || BUILT_IN.has(type.name) || type.name.includes('__')) {
      continue;
    }
    const implementation = CUSTOM_SCALARS[type.name];
    if (!implementation) {
      throw new Error(
        `The supergraph declares scalar ${type.name}, which schema/scalars.ts does not implement`,
      );
    }
    type.parseValue = (value: unknown) => {
      implementation.parseValue(value);
      return value;
    };
    type.parseLiteral = (node: ValueNode, variables?: Record<string, unknown> | null) => {
      implementation.parseLiteral(node, variables);
      return 'value' in node ? node.value : undefined;
    };
  }
}
