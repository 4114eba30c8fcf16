/**
 * Server-side prepared statements for the hot queries, without touching the queries: the
 * loaders and lists send the same few parameterized SQL texts on every request, and PostgreSQL
 * parses and plans each again unless it is sent as a named statement (prepared once per
 * connection, by `pg` itself). A text is prepared once it has been seen twice, so one-off SQL
 * stays unnamed; at most {@link MAX_PREPARED} texts ever get a name, which bounds what each
 * connection keeps on the server. TypeORM has no switch for this; it hands every statement to
 * the `pg` client's `query(text, values)`, which is where a name is added.
 */
import { createHash } from 'node:crypto';

/** Distinct statements given a name (each kept once per connection on the server). */
export const MAX_PREPARED = 200;

/** What this module needs of a `pg` client. */
interface QueryingClient {
  query(...args: unknown[]): unknown;
}

const seen = new Map<string, number>();
const names = new Map<string, string>();
const PATCHED = Symbol('hub.prepared');

/** The statement's name once it is hot (seen twice, room left), else undefined. */
function nameFor(text: string): string | undefined {
  const known = names.get(text);
  if (known || names.size >= MAX_PREPARED) {
    return known;
  }
  const count = (seen.get(text) ?? 0) + 1;
  if (count < 2) {
    if (seen.size >= 10 * MAX_PREPARED) {
      seen.clear(); // one-off texts must not pile up
    }
    seen.set(text, count);
    return undefined;
  }
  seen.delete(text);
  const name = `hub_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
  names.set(text, name);
  return name;
}

/**
 * Makes `client` send hot parameterized statements as named ones; once per client (a pooled
 * connection keeps the patch, and its prepared statements, across requests).
 */
export function prepareHotStatements(client: QueryingClient): void {
  const marked = client as QueryingClient & { [PATCHED]?: true };
  if (marked[PATCHED]) {
    return;
  }
  marked[PATCHED] = true;
  const query = client.query.bind(client);
  client.query = (...args: unknown[]) => {
    const [text, values] = args;
    if (typeof text === 'string' && Array.isArray(values) && values.length > 0) {
      const name = nameFor(text);
      if (name) {
        return query({ name, text, values }, ...args.slice(2));
      }
    }
    return query(...args);
  };
}
