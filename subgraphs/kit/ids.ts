/** GraphQL IDs arrive as strings; the databases use integer identities. */
const INTEGER_ID = /^[1-9][0-9]{0,9}$/;

/** The integer behind an ID, or undefined when it cannot name a row (answered as not found). */
export function integerId(id: string | number): number | undefined {
  const text = String(id);
  if (!INTEGER_ID.test(text)) {
    return undefined;
  }
  const value = Number(text);
  return value <= 2_147_483_647 ? value : undefined;
}
