/**
 * Reads the Federation authorization directives (`@authenticated`, `@requiresScopes`,
 * `@policy`) out of the composed supergraph into an index of schema coordinates, then removes
 * the `for: SECURITY` purpose from their `@link`s so `@apollo/gateway` — which cannot enforce
 * them and rightly refuses such a supergraph — will load it. Only code that holds the index
 * gets an executable supergraph: the two come out of this one function together.
 */
import { Kind, parse, print, visit, type ConstArgumentNode, type DocumentNode } from 'graphql';

import {
  accessRuleOf,
  SECURITY_SPECS as SPECS,
  type SecuritySpec as SpecName,
} from '../../schema/access-directives.js';
import type { AccessRule } from '../../schema/access.js';

export type { AccessRule };

/** `Type` or `Type.field` → the rule declared there. */
export type PolicyIndex = ReadonlyMap<string, AccessRule>;

function stringArg(
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

export interface PreparedSupergraph {
  readonly index: PolicyIndex;
  /** The supergraph with the security purpose removed, for `@apollo/gateway`. */
  readonly executableSdl: string;
  /** Names of the subgraphs the supergraph joins (`@join__graph(name:)`). */
  readonly subgraphs: readonly string[];
}

export function prepareSupergraph(supergraphSdl: string): PreparedSupergraph {
  const document = parse(supergraphSdl);
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
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      definition.kind !== Kind.INTERFACE_TYPE_EXTENSION &&
      definition.kind !== Kind.UNION_TYPE_DEFINITION &&
      definition.kind !== Kind.ENUM_TYPE_DEFINITION &&
      definition.kind !== Kind.SCALAR_TYPE_DEFINITION
    ) {
      continue;
    }
    const typeName = definition.name.value;
    const typeRule = accessRuleOf(definition.directives, names);
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
  const executable = visit(document, {
    Directive(node) {
      const url = stringArg(node.arguments as ConstArgumentNode[], 'url');
      const isSecurityLink =
        node.name.value === 'link' && Object.values(SPECS).some((spec) => url?.startsWith(spec));
      if (!isSecurityLink) {
        return undefined;
      }
      return { ...node, arguments: node.arguments?.filter((arg) => arg.name.value !== 'for') };
    },
  });
  return { index, executableSdl: print(executable), subgraphs };
}
