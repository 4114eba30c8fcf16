/**
 * Operation limits, on by default: depth, aliases, root fields, document size and an
 * estimated cost (fields weighted by the list sizes above them). Exceeding one refuses the
 * operation with OPERATION_LIMIT_EXCEEDED before anything is planned.
 */
import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

export interface OperationLimits {
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxRootFields: number;
  readonly maxDocumentBytes: number;
  readonly maxCost: number;
}

export const DEFAULT_LIMITS: OperationLimits = {
  maxDepth: 15,
  maxAliases: 30,
  maxRootFields: 10,
  maxDocumentBytes: 20_000,
  maxCost: 100_000,
};

/** Assumed size of a list whose field has no `first`/`depth` argument. */
const DEFAULT_LIST_SIZE = 20;

export interface OperationMeasure {
  depth: number;
  aliases: number;
  rootFields: number;
  cost: number;
}

export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>>,
): OperationMeasure {
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const measure: OperationMeasure = { depth: 0, aliases: 0, rootFields: 0, cost: 0 };
  const sizeArgument = (node: {
    arguments?: readonly {
      name: { value: string };
      value: { kind: string; value?: unknown; name?: { value: string } };
    }[];
  }) => {
    const arg = node.arguments?.find((a) => a.name.value === 'first' || a.name.value === 'depth');
    if (!arg) {
      return undefined;
    }
    const raw =
      arg.value.kind === Kind.VARIABLE
        ? variables[arg.value.name?.value ?? '']
        : Number(arg.value.value);
    return typeof raw === 'number' && Number.isFinite(raw) ? Math.max(1, raw) : undefined;
  };
  const walk = (
    set: SelectionSetNode,
    parent: GraphQLCompositeType | undefined,
    depth: number,
    multiplier: number,
    seen: ReadonlySet<string>,
  ): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (fragment && !seen.has(fragment.name.value)) {
          const type = schema.getType(fragment.typeCondition.name.value);
          walk(
            fragment.selectionSet,
            isCompositeType(type) ? type : parent,
            depth,
            multiplier,
            new Set([...seen, fragment.name.value]),
          );
        }
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition
          ? schema.getType(selection.typeCondition.name.value)
          : parent;
        walk(
          selection.selectionSet,
          isCompositeType(type) ? type : parent,
          depth,
          multiplier,
          seen,
        );
        continue;
      }
      if (selection.alias) {
        measure.aliases += 1;
      }
      if (depth === 1) {
        measure.rootFields += 1;
      }
      measure.depth = Math.max(measure.depth, depth);
      measure.cost += multiplier;
      const field =
        parent && (isObjectType(parent) || isInterfaceType(parent))
          ? parent.getFields()[selection.name.value]
          : undefined;
      if (selection.selectionSet) {
        const isList = field ? isListType(getNullableType(field.type)) : false;
        const size = sizeArgument(selection) ?? (isList ? DEFAULT_LIST_SIZE : 1);
        const named = field ? getNamedType(field.type) : undefined;
        walk(
          selection.selectionSet,
          isCompositeType(named) ? named : undefined,
          depth + 1,
          multiplier * size,
          seen,
        );
      }
    }
  };
  const root =
    operation.operation === 'mutation' ? schema.getMutationType() : schema.getQueryType();
  walk(operation.selectionSet, root ?? undefined, 1, 1, new Set());
  return measure;
}

/** The first limit the operation exceeds, as a sentence for the caller; undefined if none. */
export function exceededLimit(
  measure: OperationMeasure,
  documentBytes: number,
  limits: OperationLimits,
): string | undefined {
  if (documentBytes > limits.maxDocumentBytes) {
    return `Document is ${documentBytes} bytes; the limit is ${limits.maxDocumentBytes}`;
  }
  if (measure.depth > limits.maxDepth) {
    return `Operation depth ${measure.depth} exceeds the limit of ${limits.maxDepth}`;
  }
  if (measure.aliases > limits.maxAliases) {
    return `Operation uses ${measure.aliases} aliases; the limit is ${limits.maxAliases}`;
  }
  if (measure.rootFields > limits.maxRootFields) {
    return `Operation has ${measure.rootFields} root fields; the limit is ${limits.maxRootFields}`;
  }
  if (measure.cost > limits.maxCost) {
    return `Estimated cost ${measure.cost} exceeds the limit of ${limits.maxCost}`;
  }
  return undefined;
}
