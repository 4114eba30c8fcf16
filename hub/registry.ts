/** The subgraphs this build of the hub serves, by name (the composition root's list). */
import type { SubgraphName } from '../schema/subgraph-names.js';
import { auditSubgraph } from '../subgraphs/audit/index.js';
import { cyberSubgraph } from '../subgraphs/cyber/index.js';
import { juvenileSubgraph } from '../subgraphs/juvenile/index.js';
import type { SubgraphDefinition } from '../subgraphs/kit/index.js';
import { narcoticsSubgraph } from '../subgraphs/narcotics/index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySubgraph = SubgraphDefinition<any>;

export const SUBGRAPHS: Partial<Record<SubgraphName, AnySubgraph>> = {
  narcotics: narcoticsSubgraph,
  cyber: cyberSubgraph,
  juvenile: juvenileSubgraph,
  audit: auditSubgraph,
};

export function enabledSubgraphs(): AnySubgraph[] {
  return Object.values(SUBGRAPHS).filter((def): def is AnySubgraph => def !== undefined);
}

export function subgraphByName(name: string): AnySubgraph {
  const definition = SUBGRAPHS[name as SubgraphName];
  if (!definition) {
    throw new Error(`Unknown subgraph "${name}"; available: ${Object.keys(SUBGRAPHS).join(', ')}`);
  }
  return definition;
}
