/**
 * DataLoader helpers. Loaders are built per request (in the context factory) so one caller's
 * rows never serve another; each batches a whole level of a query into one SQL statement.
 */
import DataLoader from 'dataloader';

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
