/**
 * Reads, from a composed supergraph, every field that reaches a record with row-level rules
 * (Case, Person, JuvenileRecord) across subgraphs, and which subgraph resolves it (`@join__field`,
 * or the type's `@join__type` graphs when the field has none). DESIGN §6 wants every reference
 * resolved by the record's owner, and every field another subgraph adds to `Case` resolved with
 * the owner's verdict (`@requires`), so a later field cannot slip past the rules unseen.
 */
import {
  Kind,
  parse,
  type ConstDirectiveNode,
  type FieldDefinitionNode,
  type TypeNode,
} from 'graphql';

/** The subgraph (join graph) that owns each record type and applies its row-level rules. */
export const RECORD_OWNERS: Readonly<Record<string, string>> = {
  Case: 'NARCOTICS',
  Person: 'NARCOTICS',
  JuvenileRecord: 'JUVENILE',
};

/** The owner's verdict a field another subgraph adds to the type must `@require`. */
export const RECORD_VERDICTS: Readonly<Record<string, string>> = { Case: 'restricted' };

export interface ResolvedField {
  /** `Type.field`. */
  readonly coordinate: string;
  readonly parent: string;
  /** The named type it returns. */
  readonly returns: string;
  /** Join graphs that resolve it (external declarations left out). */
  readonly graphs: readonly string[];
  /** Join graphs that declare its parent type. */
  readonly parentGraphs: readonly string[];
  /** The `requires` field set of each resolving graph. */
  readonly requires: Readonly<Record<string, string | undefined>>;
  readonly inaccessible: boolean;
}

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

function argument(directive: ConstDirectiveNode, name: string): string | undefined {
  const value = directive.arguments?.find((arg) => arg.name.value === name)?.value;
  if (value?.kind === Kind.ENUM || value?.kind === Kind.STRING) {
    return value.value;
  }
  if (value?.kind === Kind.BOOLEAN) {
    return String(value.value);
  }
  return undefined;
}

function resolvedBy(field: FieldDefinitionNode, typeGraphs: readonly string[]) {
  const joins = (field.directives ?? []).filter((d) => d.name.value === 'join__field');
  const requires: Record<string, string | undefined> = {};
  if (joins.length === 0) {
    typeGraphs.forEach((graph) => (requires[graph] = undefined));
  }
  for (const join of joins) {
    const graph = argument(join, 'graph');
    if (graph && argument(join, 'external') !== 'true') {
      requires[graph] = argument(join, 'requires');
    }
  }
  return requires;
}

/** Every field of every object type of `supergraphSdl`, with who resolves it. */
export function resolvedFields(supergraphSdl: string): ResolvedField[] {
  const fields: ResolvedField[] = [];
  for (const definition of parse(supergraphSdl).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION) {
      continue;
    }
    const typeGraphs = (definition.directives ?? [])
      .filter((d) => d.name.value === 'join__type')
      .map((d) => argument(d, 'graph'))
      .filter((graph): graph is string => graph !== undefined);
    for (const field of definition.fields ?? []) {
      const requires = resolvedBy(field, typeGraphs);
      fields.push({
        coordinate: `${definition.name.value}.${field.name.value}`,
        parent: definition.name.value,
        returns: namedType(field.type),
        graphs: Object.keys(requires),
        parentGraphs: typeGraphs,
        requires,
        inaccessible: (field.directives ?? []).some((d) => d.name.value === 'inaccessible'),
      });
    }
  }
  return fields;
}

/** Entity keys (resolved by every subgraph that declares the type) and root types are not references. */
const KEY_FIELD = 'id';
const ROOT_TYPES = new Set(['Query', 'Mutation']);

/**
 * Every public field any subgraph contributes to a record type, or by which one type reaches a
 * record type another subgraph owns: `Case.chatRooms`, `ChatRoom.linkedCases`, and so on.
 */
export function crossSubgraphRecordFields(fields: readonly ResolvedField[]): ResolvedField[] {
  return fields.filter((field) => {
    if (
      field.inaccessible ||
      ROOT_TYPES.has(field.parent) ||
      field.coordinate.endsWith(`.${KEY_FIELD}`)
    ) {
      return false;
    }
    const parentOwner = RECORD_OWNERS[field.parent];
    const addedToRecord = parentOwner !== undefined && field.graphs.some((g) => g !== parentOwner);
    const returnOwner = RECORD_OWNERS[field.returns];
    const reachesRecord =
      returnOwner !== undefined && field.parentGraphs.some((g) => g !== returnOwner);
    return addedToRecord || reachesRecord;
  });
}

/** What breaks DESIGN §6's reference rules, one line per problem (empty when none). */
export function referenceRuleViolations(fields: readonly ResolvedField[]): string[] {
  const problems: string[] = [];
  for (const field of fields) {
    const owner = RECORD_OWNERS[field.returns];
    for (const graph of field.graphs) {
      if (owner !== undefined && graph !== owner) {
        problems.push(`${field.coordinate} returns ${field.returns} but ${graph} resolves it`);
      }
    }
    const parentOwner = RECORD_OWNERS[field.parent];
    const verdict = RECORD_VERDICTS[field.parent];
    const isKey = field.coordinate.endsWith(`.${KEY_FIELD}`);
    if (parentOwner === undefined || verdict === undefined || field.inaccessible || isKey) {
      continue;
    }
    for (const graph of field.graphs.filter((g) => g !== parentOwner)) {
      const requires = field.requires[graph]?.split(/\s+/) ?? [];
      if (!requires.includes(verdict)) {
        problems.push(`${field.coordinate} is added by ${graph} without @requires "${verdict}"`);
      }
    }
  }
  return problems;
}
