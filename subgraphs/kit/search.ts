/** Turning a caller's search text into safe, index-friendly SQL parameters. */

/**
 * `"zhang  w"` → `zhang:* & w:*`: every word must start a word of the text. Words keep only
 * letters and digits, so nothing the caller types reaches tsquery syntax.
 */
export function prefixTsQuery(search: string): string {
  const words = search.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words
    .slice(0, 8)
    .map((word) => `${word}:*`)
    .join(' & ');
}

/** A LIKE pattern matching values that start with `prefix` taken literally. */
export function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}
