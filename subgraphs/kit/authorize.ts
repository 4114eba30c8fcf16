/**
 * Defense in depth: the subgraph re-checks the access directives of its own schema for every
 * protected field it resolves (and every protected entity `_entities` resolves), using the
 * principal from the gateway's internal context. A gateway bug or a stolen network position
 * does not open the data. Only protected fields are wrapped: the rest pay nothing.
 */
import {
  defaultFieldResolver,
  getNamedType,
  isObjectType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';

import { accessRuleOf } from '../../schema/access-directives.js';
import { denialReason, type AccessRule } from '../../schema/access.js';
import { UnauthorizedFieldError } from '../../schema/errors.js';

import type { SubgraphContext } from './context.js';
import { wrapReferenceResolver } from './references.js';

function typeRule(type: GraphQLNamedType): AccessRule | undefined {
  return accessRuleOf(type.astNode?.directives);
}

function check(rules: readonly AccessRule[], context: SubgraphContext, coordinate: string): void {
  for (const rule of rules) {
    if (denialReason(rule, context.hub.principal, context.hub.purpose) !== undefined) {
      throw new UnauthorizedFieldError(coordinate);
    }
  }
}

/** Wraps every protected field and entity of the schema with its check; returns the count. */
export function enforceAccessRules(schema: GraphQLSchema): number {
  let protectedCount = 0;
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) {
      continue;
    }
    const ownRule = typeRule(type);
    if (ownRule) {
      const wrapped = wrapReferenceResolver(type, (resolve) => (reference, context, info) => {
        check([ownRule], context as SubgraphContext, type.name);
        return resolve(reference, context, info);
      });
      protectedCount += wrapped ? 1 : 0;
    }
    for (const field of Object.values(type.getFields())) {
      const rules = [
        accessRuleOf(field.astNode?.directives),
        typeRule(getNamedType(field.type)),
      ].filter((rule): rule is AccessRule => rule !== undefined);
      if (rules.length === 0) {
        continue;
      }
      const coordinate = `${type.name}.${field.name}`;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context: SubgraphContext, info) => {
        check(rules, context, coordinate);
        return resolve(source, args, context, info);
      };
      protectedCount += 1;
    }
  }
  return protectedCount;
}
