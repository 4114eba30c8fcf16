/**
 * The list sizes a composed supergraph declares with Apollo's demand-control `@listSize`
 * (https://specs.apollo.dev/cost/v0.1), indexed by schema coordinate: what the gateway's cost
 * estimate multiplies by, read under whatever name the supergraph links the directive as.
 * Pure: it reads SDL.
 */
import { Kind, type ConstDirectiveNode, type ConstValueNode, type DocumentNode } from 'graphql';

import { stringArg } from './supergraph-rules.js';

const COST_SPEC = 'https://specs.apollo.dev/cost/';

export interface ListSize {
  /** Items the list stands for when no slicing argument sizes it. */
  readonly assumedSize?: number;
  /** Arguments whose value is the size (the largest given, defaults applied). */
  readonly slicingArguments?: readonly string[];
  /** Fields of the returned object that the slicing arguments size (a connection's `edges`). */
  readonly sizedFields?: readonly string[];
}

/** `Type.field` → its declared size. */
export type ListSizeIndex = ReadonlyMap<string, ListSize>;

/** The local name of `@listSize`: imported as is, renamed, or prefixed with the spec's name. */
function listSizeName(document: DocumentNode): string | undefined {
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) {
      continue;
    }
    for (const link of definition.directives ?? []) {
      if (link.name.value !== 'link' || !stringArg(link.arguments, 'url')?.startsWith(COST_SPEC)) {
        continue;
      }
      const imports = link.arguments?.find((arg) => arg.name.value === 'import')?.value;
      for (const item of imports?.kind === Kind.LIST ? imports.values : []) {
        if (item.kind === Kind.STRING && item.value === '@listSize') {
          return 'listSize';
        }
        if (item.kind === Kind.OBJECT) {
          const name = item.fields.find((f) => f.name.value === 'name')?.value;
          const as = item.fields.find((f) => f.name.value === 'as')?.value;
          if (
            name?.kind === Kind.STRING &&
            name.value === '@listSize' &&
            as?.kind === Kind.STRING
          ) {
            return as.value.replace(/^@/, '');
          }
        }
      }
      return `${stringArg(link.arguments, 'as') ?? 'cost'}__listSize`;
    }
  }
  return undefined;
}

function strings(value: ConstValueNode | undefined): string[] | undefined {
  return value?.kind === Kind.LIST
    ? value.values.flatMap((v) => (v.kind === Kind.STRING ? [v.value] : []))
    : undefined;
}

function sizeOf(directive: ConstDirectiveNode): ListSize {
  const arg = (name: string) => directive.arguments?.find((a) => a.name.value === name)?.value;
  const assumed = arg('assumedSize');
  return {
    ...(assumed?.kind === Kind.INT ? { assumedSize: Number(assumed.value) } : {}),
    ...(strings(arg('slicingArguments'))
      ? { slicingArguments: strings(arg('slicingArguments')) }
      : {}),
    ...(strings(arg('sizedFields')) ? { sizedFields: strings(arg('sizedFields')) } : {}),
  };
}

export function listSizes(document: DocumentNode): ListSizeIndex {
  const name = listSizeName(document);
  const sizes = new Map<string, ListSize>();
  if (!name) {
    return sizes;
  }
  for (const definition of document.definitions) {
    if (
      (definition.kind === Kind.OBJECT_TYPE_DEFINITION ||
        definition.kind === Kind.INTERFACE_TYPE_DEFINITION) &&
      definition.fields
    ) {
      for (const field of definition.fields) {
        const directive = field.directives?.find((d) => d.name.value === name);
        if (directive) {
          sizes.set(`${definition.name.value}.${field.name.value}`, sizeOf(directive));
        }
      }
    }
  }
  return sizes;
}
