/** The subgraphs of the hub, by name, and where each listens by default. */
export const SUBGRAPH_NAMES = ['narcotics', 'cyber', 'juvenile', 'audit'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

export const DEFAULT_PORTS: Readonly<Record<SubgraphName, number>> = {
  narcotics: 4101,
  cyber: 4102,
  juvenile: 4103,
  audit: 4104,
};
