/** What a subgraph folder exports: everything the kit needs to migrate, seed and serve it. */
import type { NonEmptyArray } from 'type-graphql';
import type { EntityManager, EntitySchema, MixedList } from 'typeorm';

import type { ValueHasher } from '../../schema/audit-row.js';
import type { SubgraphName } from '../../schema/subgraph-names.js';

import type { InternalContext, SubgraphContext } from './context.js';
import type { RequestScope } from './data-source.js';

export type ReferenceResolver<TLoaders> = (
  reference: { __typename: string; id: string },
  context: SubgraphContext<TLoaders>,
) => Promise<unknown>;

export type SeedProfile = 'demo' | 'article';

/** What the composition root hands a subgraph besides its database: keys some subgraphs need. */
export interface SubgraphServices {
  /** The audit trail's value hash (the audit subgraph hashes an auditor's search term). */
  readonly hashValue?: ValueHasher;
  /**
   * Spends one of a caller's rate-limited lookups (the audit subgraph's searches by value);
   * resolves false when the caller has none left in the current window.
   */
  readonly lookupBudget?: (caller: string) => Promise<boolean>;
}

export interface SeedSummary {
  readonly [table: string]: number;
}

export interface SubgraphDefinition<TLoaders> {
  readonly name: SubgraphName;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly resolvers: NonEmptyArray<Function>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly orphanedTypes?: Function[];
  /** Types whose returned records are reported to the audit trail (type and id). */
  readonly sensitiveTypes?: readonly string[];
  /** `__resolveReference` per GraphQL type name (the entity keys this subgraph resolves). */
  readonly references?: Readonly<Record<string, ReferenceResolver<TLoaders>>>;
  readonly entities: MixedList<string | (new () => unknown) | EntitySchema>;
  readonly migrations: MixedList<string | (new () => unknown)>;
  /** Services it needs from the composition root (see {@link SubgraphServices}). */
  readonly needs?: readonly (keyof SubgraphServices)[];
  /** Further LOGIN roles the migrations grant to (created before migrating). */
  readonly databaseRoles?: readonly string[];
  /**
   * Statements its owner runs after every migrate: keep-up work no runtime role may do (the
   * audit store's coming partitions).
   */
  readonly maintenance?: readonly string[];
  readonly createLoaders: (scope: RequestScope, context: InternalContext) => TLoaders;
  /** Deterministic synthetic data; must leave existing rows alone (idempotent). */
  readonly seed?: (manager: EntityManager, profile: SeedProfile) => Promise<SeedSummary>;
}

export function defineSubgraph<TLoaders>(
  definition: SubgraphDefinition<TLoaders>,
): SubgraphDefinition<TLoaders> {
  return definition;
}
