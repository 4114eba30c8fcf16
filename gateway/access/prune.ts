/**
 * Field-level access control before query planning: walks the operation (aliases, fragments,
 * inline fragments on interfaces and unions, `@skip`/`@include` with variables), removes every
 * field the caller may not see, and returns the pruned document plus what was removed. No
 * subgraph is ever asked for a removed field.
 */
import {
  getNamedType,
  isAbstractType,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

import {
  denialReason,
  type AccessRule,
  type Principal,
  type Purpose,
} from '../../schema/access.js';

import type { PolicyIndex } from './policy-index.js';

/** Response keys the pruner adds; removed from the result before it is sent. */
export const TYPENAME_KEY = '__hub_typename';
export const PLACEHOLDER_KEY = '__hub_placeholder';

export interface Segment {
  /** Response key (alias or field name). */
  readonly key: string;
  readonly type: GraphQLOutputType;
  /** Object types this selection applies to (from type conditions); undefined: all. */
  readonly onTypes?: ReadonlySet<string>;
}

export interface Removal {
  /** From the root to the removed field; the last segment is the removed field itself. */
  readonly segments: readonly Segment[];
  readonly coordinate: string;
  readonly reason: string;
}

export interface PruneResult {
  readonly document: DocumentNode;
  readonly operation: OperationDefinitionNode;
  readonly removals: readonly Removal[];
  /** Every protected coordinate the operation asked for (allowed or not). */
  readonly requested: readonly string[];
}

export interface PruneInput {
  readonly schema: GraphQLSchema;
  readonly document: DocumentNode;
  readonly operation: OperationDefinitionNode;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly index: PolicyIndex;
  readonly principal: Principal;
  readonly purpose?: Purpose;
}

function conditionValue(
  value: ValueNode | undefined,
  variables: Readonly<Record<string, unknown>>,
): boolean {
  if (value?.kind === Kind.BOOLEAN) {
    return value.value;
  }
  if (value?.kind === Kind.VARIABLE) {
    return variables[value.name.value] === true;
  }
  return false;
}

/** Whether `@skip`/`@include` keep a selection, with the request's variables. */
function included(node: SelectionNode, variables: Readonly<Record<string, unknown>>): boolean {
  for (const directive of node.directives ?? []) {
    const ifArg = directive.arguments?.find((arg) => arg.name.value === 'if')?.value;
    if (directive.name.value === 'skip' && conditionValue(ifArg, variables)) {
      return false;
    }
    if (directive.name.value === 'include' && !conditionValue(ifArg, variables)) {
      return false;
    }
  }
  return true;
}

const typenameField = (alias: string): FieldNode => ({
  kind: Kind.FIELD,
  alias: { kind: Kind.NAME, value: alias },
  name: { kind: Kind.NAME, value: '__typename' },
});

class Pruner {
  readonly removals: Removal[] = [];
  readonly requested = new Set<string>();
  private readonly fragments: Map<string, FragmentDefinitionNode>;

  constructor(private readonly input: PruneInput) {
    this.fragments = new Map(
      input.document.definitions
        .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((d) => [d.name.value, d]),
    );
  }

  private ruleDenial(coordinate: string): string | undefined {
    const rule: AccessRule | undefined = this.input.index.get(coordinate);
    if (!rule) {
      return undefined;
    }
    this.requested.add(coordinate);
    return denialReason(rule, this.input.principal, this.input.purpose);
  }

  /** The first reason to deny `parent.field` (its own rule, implementations', its type's). */
  private fieldDenial(
    parent: GraphQLCompositeType,
    field: GraphQLField<unknown, unknown>,
    possible?: ReadonlySet<string>,
  ): { coordinate: string; reason: string } | undefined {
    const coordinates = [`${parent.name}.${field.name}`];
    if (isInterfaceType(parent)) {
      for (const impl of this.input.schema.getPossibleTypes(parent)) {
        if (!possible || possible.has(impl.name)) {
          coordinates.push(`${impl.name}.${field.name}`);
        }
      }
    }
    const returned = getNamedType(field.type);
    if (isObjectType(returned) || isAbstractType(returned)) {
      coordinates.push(returned.name);
    }
    for (const coordinate of coordinates) {
      const reason = this.ruleDenial(coordinate);
      if (reason) {
        return { coordinate, reason };
      }
    }
    return undefined;
  }

  selectionSet(
    set: SelectionSetNode,
    parent: GraphQLCompositeType,
    path: readonly Segment[],
    possible: ReadonlySet<string> | undefined,
    visiting: ReadonlySet<string>,
  ): { set: SelectionSetNode; removedHere: boolean } {
    const selections: SelectionNode[] = [];
    let removedHere = false;
    for (const selection of set.selections) {
      if (!included(selection, this.input.variables)) {
        continue;
      }
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        const field =
          name.startsWith('__') || (isAbstractType(parent) && !isInterfaceType(parent))
            ? undefined
            : parent.getFields()[name];
        if (!field) {
          selections.push(selection);
          continue;
        }
        const segment: Segment = {
          key: selection.alias?.value ?? name,
          type: field.type,
          onTypes: possible,
        };
        const denied = this.fieldDenial(parent, field, possible);
        if (denied) {
          this.removals.push({ segments: [...path, segment], ...denied });
          removedHere = true;
          continue;
        }
        const named = getNamedType(field.type);
        if (selection.selectionSet && isCompositeType(named)) {
          const child = this.selectionSet(
            selection.selectionSet,
            named,
            [...path, segment],
            undefined,
            visiting,
          );
          selections.push({ ...selection, selectionSet: child.set });
        } else {
          selections.push(selection);
        }
        continue;
      }
      let fragmentSet: SelectionSetNode;
      let condition: string | undefined;
      let nextVisiting = visiting;
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = this.fragments.get(selection.name.value);
        if (!fragment || visiting.has(fragment.name.value)) {
          continue;
        }
        fragmentSet = fragment.selectionSet;
        condition = fragment.typeCondition.name.value;
        nextVisiting = new Set([...visiting, fragment.name.value]);
      } else {
        fragmentSet = selection.selectionSet;
        condition = selection.typeCondition?.name.value;
      }
      const conditionType = condition ? this.input.schema.getType(condition) : parent;
      if (!conditionType || !isCompositeType(conditionType)) {
        continue;
      }
      const typeDenial =
        condition && condition !== parent.name ? this.ruleDenial(condition) : undefined;
      if (typeDenial) {
        // A restricted type in a fragment: its selections vanish, as if it never matched.
        continue;
      }
      const conditionPossible = new Set(
        this.input.schema.getPossibleTypes(conditionType as never).map((t) => t.name),
      );
      if (isObjectType(conditionType)) {
        conditionPossible.add(conditionType.name);
      }
      const narrowed = possible
        ? new Set([...conditionPossible].filter((t) => possible.has(t)))
        : conditionPossible;
      const child = this.selectionSet(fragmentSet, conditionType, path, narrowed, nextVisiting);
      removedHere ||= child.removedHere;
      selections.push({
        kind: Kind.INLINE_FRAGMENT,
        typeCondition: condition
          ? { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: condition } }
          : undefined,
        selectionSet: child.set,
      });
    }
    if (removedHere) {
      selections.push(typenameField(TYPENAME_KEY));
    }
    if (selections.length === 0) {
      selections.push(typenameField(PLACEHOLDER_KEY));
    }
    return { set: { ...set, selections }, removedHere };
  }
}

export function pruneOperation(input: PruneInput): PruneResult {
  const rootType =
    input.operation.operation === 'mutation'
      ? input.schema.getMutationType()
      : input.operation.operation === 'subscription'
        ? input.schema.getSubscriptionType()
        : input.schema.getQueryType();
  if (!rootType) {
    return { document: input.document, operation: input.operation, removals: [], requested: [] };
  }
  const pruner = new Pruner(input);
  const { set } = pruner.selectionSet(
    input.operation.selectionSet,
    rootType,
    [],
    undefined,
    new Set(),
  );
  if (pruner.removals.length === 0) {
    return {
      document: input.document,
      operation: input.operation,
      removals: [],
      requested: [...pruner.requested],
    };
  }
  // Fragments are inlined above, so the pruned document is the operation alone.
  const operation: OperationDefinitionNode = { ...input.operation, selectionSet: set };
  return {
    document: { kind: Kind.DOCUMENT, definitions: [operation] },
    operation,
    removals: pruner.removals,
    requested: [...pruner.requested],
  };
}
