/**
 * DataLoader helpers. Loaders are built per request (in the context factory) so one caller's
 * rows never serve another; each batches a whole level of a query into one SQL statement.
 */
import DataLoader from 'dataloader';
import type { EntityTarget, ObjectLiteral } from 'typeorm';

import type { RequestScope } from './data-source.js';
import { integerId } from './ids.js';

/** Loads rows by a unique key, answering in key order (null where absent). */
export function keyedLoader<K extends string | number, V>(
  fetch: (keys: readonly K[]) => Promise<V[]>,
  keyOf: (row: V) => K,
): DataLoader<K, V | null, string> {
  return new DataLoader<K, V | null, string>(
    async (keys) => {
      const rows = await fetch(keys);
      const byKey = new Map(rows.map((row) => [String(keyOf(row)), row]));
      return keys.map((key) => byKey.get(String(key)) ?? null);
    },
    { cacheKeyFn: (key) => String(key) },
  );
}

/** Loads the many rows that belong to each key (a one-to-many edge), in key order. */
export function groupedLoader<K extends string | number, V>(
  fetch: (keys: readonly K[]) => Promise<V[]>,
  keyOf: (row: V) => K,
): DataLoader<K, V[], string> {
  return new DataLoader<K, V[], string>(
    async (keys) => {
      const rows = await fetch(keys);
      const groups = new Map<string, V[]>();
      for (const row of rows) {
        const key = String(keyOf(row));
        const group = groups.get(key);
        if (group) {
          group.push(row);
        } else {
          groups.set(key, [row]);
        }
      }
      return keys.map((key) => groups.get(String(key)) ?? []);
    },
    { cacheKeyFn: (key) => String(key) },
  );
}

/** A loader key: a GraphQL ID (string) or a database id. */
export type Id = string | number;

export interface SortKey {
  readonly property: string;
  readonly direction: 'ASC' | 'DESC';
}

export const BY_ID: readonly SortKey[] = [{ property: 'id', direction: 'ASC' }];

/** The integer ids among `keys`; ids that cannot name a row are dropped (they load as absent). */
export function integerIds(keys: readonly Id[]): number[] {
  return keys.map(integerId).filter((id): id is number => id !== undefined);
}

/**
 * A batch function for the loaders above: `SELECT … WHERE <property> = ANY($ids) [AND <also>]
 * ORDER BY …` — one statement for a whole batch, in the request's transaction (so row-level
 * security sees the caller).
 */
export function rowsWhereIdIn<E extends ObjectLiteral>(
  scope: RequestScope,
  entity: EntityTarget<E>,
  property: string,
  order: readonly SortKey[] = BY_ID,
  also?: string,
) {
  return async (keys: readonly Id[]): Promise<E[]> => {
    const ids = integerIds(keys);
    if (ids.length === 0) {
      return [];
    }
    const manager = await scope.manager();
    const query = manager
      .getRepository(entity)
      .createQueryBuilder('row')
      .where(`row.${property} = ANY(CAST(:ids AS integer[]))`, { ids });
    if (also) {
      query.andWhere(also);
    }
    order.forEach(({ property: column, direction }) =>
      query.addOrderBy(`row.${column}`, direction),
    );
    return query.getMany();
  };
}
