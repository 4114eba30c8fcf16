/**
 * The one walk of an operation before query planning. In a single pass over the selections —
 * aliases, fragments, inline fragments on interfaces and unions, `@skip`/`@include` — it
 *
 * - measures the operation for the limits (depth, aliases, root fields, estimated cost), and
 * - removes every field the caller may not see, noting each protected coordinate asked for.
 *
 * Both judge the same selections with the same **coerced** variable values (operation defaults
 * applied, as graphql-js's `getVariableValues` does), so a value left to a default can neither
 * skip a check nor dodge a limit. No subgraph is ever asked for a removed field.
 */
import {
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isAbstractType,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';

import {
  denialReason,
  type AccessRule,
  type Principal,
  type Purpose,
} from '../../schema/access.js';

import { exceededLimit, OperationLimitExceeded, type OperationLimits } from './limits.js';
import type { ListSizeIndex, PolicyIndex } from './policy-index.js';
import { PLACEHOLDER_KEY, TYPENAME_KEY, type Removal, type Segment } from './removal.js';

export interface OperationMeasure {
  depth: number;
  aliases: number;
  rootFields: number;
  cost: number;
  /** Field selections walked, fragments expanded (each occurrence counted). */
  fields: number;
}

export interface WalkInput {
  readonly schema: GraphQLSchema;
  readonly document: DocumentNode;
  readonly operation: OperationDefinitionNode;
  /** Coerced variable values (defaults applied); see {@link coerceVariables}. */
  readonly variables: Readonly<Record<string, unknown>>;
  readonly index: PolicyIndex;
  /** Declared list sizes (`@listSize`); a list without one counts {@link DEFAULT_LIST_SIZE}. */
  readonly sizes?: ListSizeIndex;
  readonly principal: Principal;
  readonly purpose?: Purpose;
  /**
   * Checked after every counted field: the walk throws {@link OperationLimitExceeded} at the
   * first one exceeded, so its own work is bounded by the limits (none: measured only).
   */
  readonly limits?: OperationLimits;
}

export interface WalkResult {
  /** The operation's root type; undefined when the schema has none (e.g. subscriptions). */
  readonly root?: GraphQLObjectType;
  readonly document: DocumentNode;
  readonly operation: OperationDefinitionNode;
  readonly removals: readonly Removal[];
  /** Every protected coordinate the operation asked for (allowed or not). */
  readonly requested: readonly string[];
  readonly measure: OperationMeasure;
  /** True when nothing but the pruner's own placeholders is left at the root. */
  readonly nothingLeft: boolean;
}

/** Assumed size of a list that declares none and has no `first` argument. */
export const DEFAULT_LIST_SIZE = 20;
/** Slices a list when the schema declares nothing (schemas without `@listSize`). */
const UNDECLARED_SLICING = ['first'] as const;

const typenameField = (alias: string): FieldNode => ({
  kind: Kind.FIELD,
  alias: { kind: Kind.NAME, value: alias },
  name: { kind: Kind.NAME, value: '__typename' },
});

/** Where the walk is: the response path, which types it applies to, and the cost so far. */
interface Position {
  readonly path: readonly Segment[];
  readonly possible: ReadonlySet<string> | undefined;
  /** The fragments being expanded around this position (a spread of one of them is a cycle). */
  readonly visiting: Visiting | undefined;
  readonly depth: number;
  readonly multiplier: number;
  /** The size a field above gave its list children (a connection's `first` for `edges`). */
  readonly pending: PendingSize | undefined;
  /** Inside a removed field: measured for the limits, nothing kept. */
  readonly measureOnly: boolean;
}

/** The chain of fragment names being expanded, innermost first (shared, never copied). */
interface Visiting {
  readonly name: string;
  readonly outer: Visiting | undefined;
}

function isVisiting(chain: Visiting | undefined, name: string): boolean {
  for (let link = chain; link; link = link.outer) {
    if (link.name === name) {
      return true;
    }
  }
  return false;
}

/** A size given by a field's slicing argument to the list fields below it. */
interface PendingSize {
  readonly size: number;
  /** The child fields it sizes; any list child when undefined. */
  readonly fields: readonly string[] | undefined;
}

class Walker {
  readonly removals: Removal[] = [];
  readonly requested = new Set<string>();
  readonly measure: OperationMeasure = {
    depth: 0,
    aliases: 0,
    rootFields: 0,
    cost: 0,
    fields: 0,
  };
  private readonly fragments: Map<string, FragmentDefinitionNode>;
  /**
   * The object types a type condition may match, and their intersections with the types
   * already in scope — computed once per walk: a fragment spread many times costs a lookup.
   */
  private readonly possibleOf = new Map<string, ReadonlySet<string>>();
  private readonly narrowed = new WeakMap<ReadonlySet<string>, Map<string, ReadonlySet<string>>>();

  constructor(private readonly input: WalkInput) {
    this.fragments = new Map(
      input.document.definitions
        .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((d) => [d.name.value, d]),
    );
  }

  private included(node: SelectionNode): boolean {
    const { variables } = this.input;
    if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) {
      return false;
    }
    return getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
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
    let first: { coordinate: string; reason: string } | undefined;
    for (const coordinate of coordinates) {
      const reason = this.ruleDenial(coordinate);
      first ??= reason ? { coordinate, reason } : undefined;
    }
    return first;
  }

  /** The largest of `names` given to the field (coerced: defaults applied); undefined if none. */
  private sliced(
    field: GraphQLField<unknown, unknown>,
    node: FieldNode,
    names: readonly string[],
  ): number | undefined {
    if (!field.args.some((arg) => names.includes(arg.name))) {
      return undefined;
    }
    let values: Record<string, unknown>;
    try {
      values = getArgumentValues(field, node, this.input.variables);
    } catch {
      return undefined; // invalid arguments: validation answers them; measure as unsized
    }
    // An explicit null is served as the argument's default (the kit's paginator does so).
    const sizes = field.args
      .filter((arg) => names.includes(arg.name))
      .map((arg) => values[arg.name] ?? arg.defaultValue)
      .filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
    return sizes.length > 0 ? Math.max(1, ...sizes) : undefined;
  }

  private countField(node: FieldNode, at: Position): void {
    if (node.alias) {
      this.measure.aliases += 1;
    }
    if (at.depth === 1) {
      this.measure.rootFields += 1;
    }
    this.measure.depth = Math.max(this.measure.depth, at.depth);
    this.measure.cost += at.multiplier;
    this.measure.fields += 1;
    const exceeded = this.input.limits && exceededLimit(this.measure, this.input.limits);
    if (exceeded) {
      throw new OperationLimitExceeded(exceeded);
    }
  }

  /** Position of a field's children: deeper, multiplied by the list sizes it stands for. */
  private below(
    parent: GraphQLCompositeType | undefined,
    field: GraphQLField<unknown, unknown> | undefined,
    node: FieldNode,
    at: Position,
    segment: Segment | undefined,
    measureOnly: boolean,
  ): Position {
    let multiplier = at.multiplier;
    let pending: PendingSize | undefined;
    if (field && parent) {
      const declared = this.input.sizes?.get(`${parent.name}.${field.name}`);
      const sliced = this.sliced(field, node, declared?.slicingArguments ?? UNDECLARED_SLICING);
      if (isListType(getNullableType(field.type))) {
        const given = at.pending;
        const fromAbove =
          given && (!given.fields || given.fields.includes(field.name)) ? given.size : undefined;
        multiplier *= sliced ?? declared?.assumedSize ?? fromAbove ?? DEFAULT_LIST_SIZE;
      } else if (sliced !== undefined) {
        pending = { size: sliced, fields: declared?.sizedFields };
      }
    }
    return {
      path: segment ? [...at.path, segment] : at.path,
      possible: undefined,
      visiting: at.visiting,
      depth: at.depth + 1,
      multiplier,
      pending,
      measureOnly,
    };
  }

  selectionSet(
    set: SelectionSetNode,
    parent: GraphQLCompositeType | undefined,
    at: Position,
  ): { set: SelectionSetNode; removedHere: boolean } {
    const selections: SelectionNode[] = [];
    let removedHere = false;
    for (const selection of set.selections) {
      if (!this.included(selection)) {
        continue;
      }
      if (selection.kind === Kind.FIELD) {
        removedHere = this.field(selection, parent, at, selections) || removedHere;
        continue;
      }
      removedHere = this.fragment(selection, parent, at, selections) || removedHere;
    }
    if (removedHere) {
      selections.push(typenameField(TYPENAME_KEY));
    }
    if (selections.length === 0) {
      selections.push(typenameField(PLACEHOLDER_KEY));
    }
    return { set: { ...set, selections }, removedHere };
  }

  /** Walks one field; returns true when it was removed. */
  private field(
    node: FieldNode,
    parent: GraphQLCompositeType | undefined,
    at: Position,
    kept: SelectionNode[],
  ): boolean {
    this.countField(node, at);
    const name = node.name.value;
    const field =
      !parent || name.startsWith('__') || (isAbstractType(parent) && !isInterfaceType(parent))
        ? undefined
        : parent.getFields()[name];
    const named = field ? getNamedType(field.type) : undefined;
    const childType = named && isCompositeType(named) ? named : undefined;
    if (!field || !parent || at.measureOnly) {
      if (node.selectionSet) {
        this.selectionSet(
          node.selectionSet,
          childType,
          this.below(parent, field, node, at, undefined, true),
        );
      }
      if (!at.measureOnly) {
        kept.push(node);
      }
      return false;
    }
    const segment: Segment = {
      key: node.alias?.value ?? name,
      type: field.type,
      onTypes: at.possible,
    };
    const denied = this.fieldDenial(parent, field, at.possible);
    if (denied) {
      this.removals.push({ segments: [...at.path, segment], ...denied });
      if (node.selectionSet) {
        this.selectionSet(
          node.selectionSet,
          childType,
          this.below(parent, field, node, at, segment, true),
        );
      }
      return true;
    }
    if (node.selectionSet && childType) {
      const child = this.selectionSet(
        node.selectionSet,
        childType,
        this.below(parent, field, node, at, segment, false),
      );
      kept.push({ ...node, selectionSet: child.set });
    } else {
      kept.push(node);
    }
    return false;
  }

  /** The object types a condition may match. */
  private possibleTypes(condition: GraphQLCompositeType): ReadonlySet<string> {
    let types = this.possibleOf.get(condition.name);
    if (!types) {
      const names = new Set(
        this.input.schema.getPossibleTypes(condition as never).map((t) => t.name),
      );
      if (isObjectType(condition)) {
        names.add(condition.name);
      }
      types = names;
      this.possibleOf.set(condition.name, types);
    }
    return types;
  }

  /** The types in scope inside a fragment on `condition`, given those in scope around it. */
  private narrow(
    around: ReadonlySet<string> | undefined,
    condition: GraphQLCompositeType,
  ): ReadonlySet<string> {
    const types = this.possibleTypes(condition);
    if (!around) {
      return types;
    }
    let byCondition = this.narrowed.get(around);
    if (!byCondition) {
      byCondition = new Map();
      this.narrowed.set(around, byCondition);
    }
    let both = byCondition.get(condition.name);
    if (!both) {
      both = new Set([...types].filter((t) => around.has(t)));
      byCondition.set(condition.name, both);
    }
    return both;
  }

  /** Walks a fragment spread or inline fragment (inlined); returns true when it removed a field. */
  private fragment(
    node: Exclude<SelectionNode, FieldNode>,
    parent: GraphQLCompositeType | undefined,
    at: Position,
    kept: SelectionNode[],
  ): boolean {
    let fragmentSet: SelectionSetNode;
    let condition: string | undefined;
    let visiting = at.visiting;
    if (node.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = this.fragments.get(node.name.value);
      if (!fragment || isVisiting(visiting, fragment.name.value)) {
        return false;
      }
      fragmentSet = fragment.selectionSet;
      condition = fragment.typeCondition.name.value;
      visiting = { name: fragment.name.value, outer: visiting };
    } else {
      fragmentSet = node.selectionSet;
      condition = node.typeCondition?.name.value;
    }
    const found = condition ? this.input.schema.getType(condition) : parent;
    const conditionType = found && isCompositeType(found) ? found : undefined;
    if (!conditionType || !parent || at.measureOnly) {
      this.selectionSet(fragmentSet, conditionType ?? parent, {
        ...at,
        visiting,
        measureOnly: true,
      });
      return false;
    }
    if (condition && condition !== parent.name && this.ruleDenial(condition)) {
      // A restricted type in a fragment: its selections vanish, as if it never matched.
      this.selectionSet(fragmentSet, conditionType, { ...at, visiting, measureOnly: true });
      return false;
    }
    const possible = this.narrow(at.possible, conditionType);
    const child = this.selectionSet(fragmentSet, conditionType, { ...at, possible, visiting });
    kept.push({
      kind: Kind.INLINE_FRAGMENT,
      typeCondition: condition
        ? { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: condition } }
        : undefined,
      selectionSet: child.set,
    });
    return child.removedHere;
  }
}

function rootTypeOf(schema: GraphQLSchema, operation: OperationDefinitionNode) {
  switch (operation.operation) {
    case 'mutation':
      return schema.getMutationType() ?? undefined;
    case 'subscription':
      return schema.getSubscriptionType() ?? undefined;
    default:
      return schema.getQueryType() ?? undefined;
  }
}

export function walkOperation(input: WalkInput): WalkResult {
  const root = rootTypeOf(input.schema, input.operation);
  const walker = new Walker(input);
  const { set } = walker.selectionSet(input.operation.selectionSet, root, {
    path: [],
    possible: undefined,
    visiting: undefined,
    depth: 1,
    multiplier: 1,
    pending: undefined,
    measureOnly: root === undefined,
  });
  const requested = [...walker.requested];
  if (walker.removals.length === 0) {
    return {
      root,
      document: input.document,
      operation: input.operation,
      removals: [],
      requested,
      measure: walker.measure,
      nothingLeft: false,
    };
  }
  // Fragments are inlined above, so the pruned document is the operation alone.
  const operation: OperationDefinitionNode = { ...input.operation, selectionSet: set };
  const nothingLeft = set.selections.every(
    (selection) =>
      selection.kind === Kind.FIELD &&
      (selection.alias?.value === PLACEHOLDER_KEY || selection.alias?.value === TYPENAME_KEY),
  );
  return {
    root,
    document: { kind: Kind.DOCUMENT, definitions: [operation] },
    operation,
    removals: walker.removals,
    requested,
    measure: walker.measure,
    nothingLeft,
  };
}
