/**
 * Text PostgreSQL cannot hold: `text` and `jsonb` refuse NUL (SQLSTATE 22021/22P05), and a
 * lone UTF-16 surrogate has no UTF-8 form. Every component meets it: the gateway refuses such
 * input values before anything runs, the audit trail stores them escaped, and a subgraph that
 * meets one anyway answers the caller's input error instead of a server error.
 */

/** A NUL, or a high surrogate without its low half, or a low one without its high half. */
export const UNSTORABLE_TEXT =
  // eslint-disable-next-line no-control-regex -- NUL is exactly what must be found
  /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** SQLSTATEs PostgreSQL answers for text it cannot hold. */
export const UNSTORABLE_TEXT_SQLSTATES: ReadonlySet<string> = new Set(['22021', '22P05']);

/** Where in `value` (strings, arrays, plain objects) the first unstorable text is; or undefined. */
export function findUnstorableText(
  value: unknown,
  path: readonly (string | number)[] = [],
): (string | number)[] | undefined {
  if (typeof value === 'string') {
    return UNSTORABLE_TEXT.test(value) ? [...path] : undefined;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findUnstorableText(item, [...path, i]);
      if (found) {
        return found;
      }
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = findUnstorableText(item, [...path, key]);
      if (found) {
        return found;
      }
    }
  }
  return undefined;
}

/** The message a caller gets for such a value (its position named, never its content). */
export function unstorableTextMessage(where: string): string {
  return `${where} holds a character the hub cannot store (NUL or a lone surrogate)`;
}
