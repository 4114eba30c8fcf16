/**
 * DataLoader helpers. Loaders are built per request (in the context factory) so one caller's
 * rows never serve another; each batches a whole level of a query into one SQL statement.
 */
import DataLoader from 'dataloader';
import type { EntityTarget, ObjectLiteral } from 'typeorm';

import type { RequestScope } from './data-source.js';
import { internalId } from './ids.js';

/**
 * A batch function, and — when its keys are ids — the GraphQL type they are ids of: a client's
 * opaque id and the database id it stands for must be one key, or a row loaded by one would
 * never answer the other. {@link rowsWhereIdIn} says so itself; a hand-written batch function
 * passes `{ of }` to the loader.
 */
type Fetch<K, V> = ((keys: readonly K[]) => Promise<V[]>) & { readonly idsOf?: string };

/** The one string a key is cached and matched under (a database id, for ids). */
function keyText(key: string | number, idsOf: string | undefined): string {
  if (idsOf === undefined) {
    return String(key);
  }
  const id = internalId(idsOf, key);
  // A key that names no row still needs a key of its own (it loads as absent).
  return id === undefined ? `?${String(key)}` : String(id);
}

/** Loads rows by a unique key, answering in key order (null where absent). */
export function keyedLoader<K extends string | number, V>(
  fetch: Fetch<K, V>,
  keyOf: (row: V) => K,
  options: { of?: string } = {},
): DataLoader<K, V | null, string> {
  const idsOf = options.of ?? fetch.idsOf;
  return new DataLoader<K, V | null, string>(
    async (keys) => {
      const rows = await fetch(keys);
      const byKey = new Map(rows.map((row) => [keyText(keyOf(row), idsOf), row]));
      return keys.map((key) => byKey.get(keyText(key, idsOf)) ?? null);
    },
    { cacheKeyFn: (key) => keyText(key, idsOf) },
  );
}

/** Loads the many rows that belong to each key (a one-to-many edge), in key order. */
export function groupedLoader<K extends string | number, V>(
  fetch: Fetch<K, V>,
  keyOf: (row: V) => K,
  options: { of?: string } = {},
): DataLoader<K, V[], string> {
  const idsOf = options.of ?? fetch.idsOf;
  return new DataLoader<K, V[], string>(
    async (keys) => {
      const rows = await fetch(keys);
      const groups = new Map<string, V[]>();
      for (const row of rows) {
        const key = keyText(keyOf(row), idsOf);
        const group = groups.get(key);
        if (group) {
          group.push(row);
        } else {
          groups.set(key, [row]);
        }
      }
      return keys.map((key) => groups.get(keyText(key, idsOf)) ?? []);
    },
    { cacheKeyFn: (key) => keyText(key, idsOf) },
  );
}

/** A loader key: a client's opaque id (string) or a database id (number). */
export type Id = string | number;

export interface SortKey {
  readonly property: string;
  readonly direction: 'ASC' | 'DESC';
}

export const BY_ID: readonly SortKey[] = [{ property: 'id', direction: 'ASC' }];

/**
 * The database ids among `keys`, which name rows of GraphQL type `type`; keys that cannot name
 * one (a malformed id, or an id of another type) are dropped: they load as absent.
 */
export function integerIds(type: string, keys: readonly Id[]): number[] {
  return keys.map((key) => internalId(type, key)).filter((id): id is number => id !== undefined);
}

export interface RowsWhereIdIn {
  /** GraphQL type whose ids the keys are (the entity's own for `id`, the referenced one for a foreign key). */
  readonly of: string;
  readonly order?: readonly SortKey[];
  /** A further SQL condition on alias `row`. */
  readonly also?: string;
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
  options: RowsWhereIdIn,
) {
  const fetch = async (keys: readonly Id[]): Promise<E[]> => {
    const ids = integerIds(options.of, keys);
    if (ids.length === 0) {
      return [];
    }
    const manager = await scope.manager();
    const query = manager
      .getRepository(entity)
      .createQueryBuilder('row')
      .where(`row.${property} = ANY(CAST(:ids AS integer[]))`, { ids });
    if (options.also) {
      query.andWhere(options.also);
    }
    (options.order ?? BY_ID).forEach(({ property: column, direction }) =>
      query.addOrderBy(`row.${column}`, direction),
    );
    return query.getMany();
  };
  return Object.assign(fetch, { idsOf: options.of });
}
