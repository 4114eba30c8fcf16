/**
 * The only way to get an executable supergraph: its access rules are indexed
 * (schema/supergraph-rules.ts) and then the `for: SECURITY` purpose is removed from their
 * `@link`s so `@apollo/gateway` — which cannot enforce them and rightly refuses such a
 * supergraph — will load it. Only code that holds the index gets the executable SDL: the two
 * come out of this one function together.
 */
import { parse, print, visit, type ConstArgumentNode } from 'graphql';

import { SECURITY_SPECS as SPECS } from '../../schema/access-directives.js';
import type { AccessRule } from '../../schema/access.js';
import { listSizes, type ListSizeIndex } from '../../schema/list-sizes.js';
import { stringArg, supergraphRules, type PolicyIndex } from '../../schema/supergraph-rules.js';

export type { AccessRule, ListSizeIndex, PolicyIndex };

export interface PreparedSupergraph {
  readonly index: PolicyIndex;
  /** Declared list sizes (`@listSize`), for the cost estimate. */
  readonly sizes: ListSizeIndex;
  /** The supergraph with the security purpose removed, for `@apollo/gateway`. */
  readonly executableSdl: string;
  /** Names of the subgraphs the supergraph joins (`@join__graph(name:)`). */
  readonly subgraphs: readonly string[];
}

export function prepareSupergraph(supergraphSdl: string): PreparedSupergraph {
  const document = parse(supergraphSdl);
  const { index, subgraphs } = supergraphRules(document);
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
  return { index, sizes: listSizes(document), executableSdl: print(executable), subgraphs };
}
