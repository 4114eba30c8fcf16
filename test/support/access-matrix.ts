/**
 * Builds, from the committed supergraph alone, one probe query per protected schema coordinate:
 * the shortest path from a root field to the coordinate (connections asked for `first: 1`),
 * with dummy arguments where a field requires them. Used by the generated access matrix.
 */
import { readFileSync } from 'node:fs';

import { Supergraph } from '@apollo/federation-internals';
import {
  getNamedType,
  getNullableType,
  isCompositeType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';

import { prepareSupergraph, type PolicyIndex } from '../../gateway/access/policy-index.js';
import { SUPERGRAPH_PATH } from '../../platform/paths.js';

export interface Hop {
  readonly coordinate: string;
  readonly returns: string;
}

export interface Probe {
  readonly coordinate: string;
  readonly operation: 'query' | 'mutation';
  readonly document: string;
  /** Coordinates (fields and returned types) the query passes through, target last. */
  readonly hops: readonly string[];
}

export function loadSupergraph(): { index: PolicyIndex; api: GraphQLSchema } {
  const { index, executableSdl } = prepareSupergraph(readFileSync(SUPERGRAPH_PATH, 'utf8'));
  const api = Supergraph.build(executableSdl).apiSchema().toGraphQLJSSchema();
  return { index, api };
}

function literal(type: GraphQLInputType, depth = 0): string {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) {
    return `[${literal(inner.ofType, depth + 1)}]`;
  }
  if (isEnumType(inner)) {
    return inner.getValues()[0]?.name ?? 'null';
  }
  if (isInputObjectType(inner)) {
    const required = Object.values(inner.getFields()).filter(
      (f) => isNonNullType(f.type) && f.defaultValue === undefined,
    );
    return `{ ${required.map((f) => `${f.name}: ${literal(f.type, depth + 1)}`).join(', ')} }`;
  }
  if (isScalarType(inner)) {
    switch (inner.name) {
      case 'ID':
        return '"0"';
      case 'Int':
        return '1';
      case 'Float':
        return '1.5';
      case 'Boolean':
        return 'false';
      case 'Date':
        return '"2000-01-01"';
      case 'DateTimeISO':
      case 'DateTime':
        return '"2000-01-01T00:00:00.000Z"';
      default:
        return '"x"';
    }
  }
  return 'null';
}

function argumentsOf(field: GraphQLField<unknown, unknown>): string {
  const args: string[] = [];
  for (const arg of field.args as readonly GraphQLArgument[]) {
    if (arg.name === 'first') {
      args.push('first: 1');
    } else if (isNonNullType(arg.type) && arg.defaultValue === undefined) {
      args.push(`${arg.name}: ${literal(arg.type)}`);
    }
  }
  return args.length ? `(${args.join(', ')})` : '';
}

function selectionFor(field: GraphQLField<unknown, unknown>): string {
  return isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
}

interface Step {
  readonly parent: GraphQLObjectType;
  readonly field: GraphQLField<unknown, unknown>;
}

/** Shortest path (root field first) to an object type, preferring fields with no required args. */
function pathTo(api: GraphQLSchema, target: string, root: GraphQLObjectType): Step[] | undefined {
  // Start from root fields that need no arguments (lists, connections): they return rows that
  // exist, so a denied field has a concrete path to be reported at.
  const queue: Step[][] = Object.values(root.getFields())
    .filter(
      (field) => !field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined),
    )
    .map((field) => [{ parent: root, field }]);
  const seen = new Set<string>();
  while (queue.length > 0) {
    const path = queue.shift() ?? [];
    const last = path.at(-1);
    if (!last) {
      continue;
    }
    const type = getNamedType(last.field.type);
    if (type.name === target) {
      return path;
    }
    if (!isObjectType(type) || seen.has(type.name) || path.length > 5) {
      continue;
    }
    seen.add(type.name);
    for (const field of Object.values(type.getFields())) {
      if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) {
        continue;
      }
      queue.push([...path, { parent: type, field }]);
    }
  }
  return undefined;
}

function render(steps: readonly Step[], leaf: string): string {
  return steps.reduceRight(
    (inner, step) => `${step.field.name}${argumentsOf(step.field)} { ${inner} }`,
    leaf,
  );
}

function hopsOf(steps: readonly Step[], index: PolicyIndex): string[] {
  return steps.flatMap((step) => {
    const returned = getNamedType(step.field.type).name;
    return [`${step.parent.name}.${step.field.name}`, ...(index.has(returned) ? [returned] : [])];
  });
}

export function probes(api: GraphQLSchema, index: PolicyIndex): Probe[] {
  const result: Probe[] = [];
  const query = api.getQueryType();
  for (const coordinate of index.keys()) {
    const [typeName, fieldName] = coordinate.split('.');
    const type = api.getType(typeName ?? '');
    if (!type || !isObjectType(type)) {
      continue;
    }
    const field = fieldName ? type.getFields()[fieldName] : undefined;
    if (fieldName && !field) {
      continue; // @inaccessible: not in the API schema
    }
    if (type === api.getMutationType() && field) {
      result.push({
        coordinate,
        operation: 'mutation',
        document: `mutation { ${field.name}${argumentsOf(field)}${selectionFor(field)} }`,
        hops: [coordinate],
      });
      continue;
    }
    if (type === query && field) {
      result.push({
        coordinate,
        operation: 'query',
        document: `{ ${field.name}${argumentsOf(field)}${selectionFor(field)} }`,
        hops: [
          coordinate,
          ...(index.has(getNamedType(field.type).name) ? [getNamedType(field.type).name] : []),
        ],
      });
      continue;
    }
    if (!query) {
      continue;
    }
    const steps = pathTo(api, type.name, query);
    if (!steps) {
      continue;
    }
    const leaf = field ? `${field.name}${argumentsOf(field)}${selectionFor(field)}` : '__typename';
    const target = field
      ? [
          coordinate,
          ...(index.has(getNamedType(field.type).name) ? [getNamedType(field.type).name] : []),
        ]
      : [];
    result.push({
      coordinate,
      operation: 'query',
      document: `{ ${render(steps, leaf)} }`,
      hops: [...hopsOf(steps, index), ...target],
    });
  }
  return result;
}

export const isList = (field: GraphQLField<unknown, unknown>) =>
  isListType(getNullableType(field.type));
