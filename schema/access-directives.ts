/**
 * Reading Federation's authorization directives (`@authenticated`, `@requiresScopes`,
 * `@policy`) from schema AST nodes into {@link AccessRule}s. The gateway reads the supergraph
 * with it and the subgraph kit reads its own schema with it, so both enforce the same rules.
 */
import { Kind, type ConstDirectiveNode, type ConstValueNode } from 'graphql';

import type { AccessRule } from './access.js';

export const SECURITY_SPECS = {
  authenticated: 'https://specs.apollo.dev/authenticated/',
  requiresScopes: 'https://specs.apollo.dev/requiresScopes/',
  policy: 'https://specs.apollo.dev/policy/',
} as const;
export type SecuritySpec = keyof typeof SECURITY_SPECS;

/** Directive names as a subgraph imports them (no renaming). */
export const DEFAULT_SECURITY_NAMES: ReadonlyMap<string, SecuritySpec> = new Map([
  ['authenticated', 'authenticated'],
  ['requiresScopes', 'requiresScopes'],
  ['policy', 'policy'],
]);

function nestedStrings(value: ConstValueNode | undefined): string[][] {
  if (value?.kind !== Kind.LIST) {
    return [];
  }
  return value.values.map((inner) =>
    inner.kind === Kind.LIST
      ? inner.values.flatMap((v) =>
          v.kind === Kind.STRING || v.kind === Kind.ENUM ? [v.value] : [],
        )
      : [],
  );
}

/** The rule a node's directives declare, or undefined when it declares none. */
export function accessRuleOf(
  directives: readonly ConstDirectiveNode[] | undefined,
  names: ReadonlyMap<string, SecuritySpec> = DEFAULT_SECURITY_NAMES,
): AccessRule | undefined {
  let authenticated = false;
  const scopes: string[][] = [];
  const policies: string[][] = [];
  for (const directive of directives ?? []) {
    const spec = names.get(directive.name.value);
    const argument = (name: string) => directive.arguments?.find((a) => a.name.value === name);
    if (spec === 'authenticated') {
      authenticated = true;
    } else if (spec === 'requiresScopes') {
      scopes.push(...nestedStrings(argument('scopes')?.value));
    } else if (spec === 'policy') {
      policies.push(...nestedStrings(argument('policies')?.value));
    }
  }
  return authenticated || scopes.length > 0 || policies.length > 0
    ? { authenticated, scopes, policies }
    : undefined;
}
