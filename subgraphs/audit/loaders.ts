/**
 * No loaders: an entry carries everything it shows in its own row (principal, records,
 * denials), so nothing is fetched per entry. Kept so every subgraph has the same shape.
 */
import type { SubgraphContext } from '../kit/index.js';

export type AuditLoaders = Record<string, never>;

export function createLoaders(): AuditLoaders {
  return {};
}

/** What every resolver of this subgraph receives. */
export type AuditContext = SubgraphContext<AuditLoaders>;
