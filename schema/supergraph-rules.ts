/**
 * The access rules a composed supergraph declares, as an index of schema coordinates: the
 * Federation authorization directives (`@authenticated`, `@requiresScopes`, `@policy`) read
 * under whatever names the supergraph links them as. The gateway enforces this index; the
 * policy report prints it. Pure: it reads SDL, it serves nothing.
 */
import {
  Kind,
  parse,
  type ConstArgumentNode,
  type ConstDirectiveNode,
  type DocumentNode,
} from 'graphql';

import {
  accessRuleOf,
  SECURITY_SPECS as SPECS,
  type SecuritySpec as SpecName,
} from './access-directives.js';
import type { AccessRule } from './access.js';

/** `Type` or `Type.field` → the rule declared there. */
export type PolicyIndex = ReadonlyMap<string, AccessRule>;

export function stringArg(
  args: readonly ConstArgumentNode[] | undefined,
  name: string,
): string | undefined {
  const value = args?.find((arg) => arg.name.value === name)?.value;
  return value?.kind === Kind.STRING ? value.value : undefined;
}

/** Local directive names of the three security features, as the supergraph links them. */
function securityDirectiveNames(document: DocumentNode): Map<string, SpecName> {
  const names = new Map<string, SpecName>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.SCHEMA_DEFINITION && definition.kind !== Kind.SCHEMA_EXTENSION) {
      continue;
    }
    for (const directive of definition.directives ?? []) {
      const url = stringArg(directive.arguments, 'url');
      const spec = (Object.keys(SPECS) as SpecName[]).find((key) => url?.startsWith(SPECS[key]));
      if (directive.name.value === 'link' && spec) {
        names.set(stringArg(directive.arguments, 'as') ?? spec, spec);
      }
    }
  }
  return names;
}

export interface SupergraphRules {
  readonly index: PolicyIndex;
  /** Names of the subgraphs the supergraph joins (`@join__graph(name:)`). */
  readonly subgraphs: readonly string[];
}

const INDEXED_KINDS: ReadonlySet<Kind> = new Set([
  Kind.OBJECT_TYPE_DEFINITION,
  Kind.INTERFACE_TYPE_DEFINITION,
  Kind.OBJECT_TYPE_EXTENSION,
  Kind.INTERFACE_TYPE_EXTENSION,
  Kind.UNION_TYPE_DEFINITION,
  Kind.ENUM_TYPE_DEFINITION,
  Kind.SCALAR_TYPE_DEFINITION,
]);

export function supergraphRules(source: string | DocumentNode): SupergraphRules {
  const document = typeof source === 'string' ? parse(source) : source;
  const names = securityDirectiveNames(document);
  const index = new Map<string, AccessRule>();
  const subgraphs: string[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION && definition.name.value === 'join__Graph') {
      for (const value of definition.values ?? []) {
        const graph = value.directives?.find((d) => d.name.value === 'join__graph');
        const name = stringArg(graph?.arguments, 'name');
        if (name) {
          subgraphs.push(name);
        }
      }
    }
    if (!INDEXED_KINDS.has(definition.kind) || !('name' in definition) || !definition.name) {
      continue;
    }
    const typeName = definition.name.value;
    // Type-system definitions of the kinds above: their directives are constant.
    const directives = (definition as { directives?: readonly ConstDirectiveNode[] }).directives;
    const typeRule = accessRuleOf(directives, names);
    if (typeRule) {
      index.set(typeName, typeRule);
    }
    if ('fields' in definition) {
      for (const field of definition.fields ?? []) {
        const fieldRule = accessRuleOf(field.directives, names);
        if (fieldRule) {
          index.set(`${typeName}.${field.name.value}`, fieldRule);
        }
      }
    }
  }
  return { index, subgraphs };
}
