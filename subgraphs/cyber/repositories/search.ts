/** Turning a caller's search text into safe, index-friendly SQL parameters. */

/**
 * `"ice  par"` → `ice:* & par:*`: every word must start a word of the text. Words keep only
 * letters and digits, so nothing the caller types reaches tsquery syntax.
 */
export function prefixTsQuery(search: string): string {
  const words = search.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words
    .slice(0, 8)
    .map((word) => `${word}:*`)
    .join(' & ');
}
