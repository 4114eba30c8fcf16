/**
 * The record-level rules of the cyber subgraph (DESIGN §6), in one place.
 *
 * **References to other subgraphs' records are the owners' to resolve.** A room's linked cases
 * and a handle's person are held here as bare ids and exposed only to the query planner
 * (`@inaccessible` `linkedCaseIds`, `personIdRef`); the narcotics subgraph, which owns cases
 * and persons, resolves them under its own row-level security, so a hidden or unknown id is
 * simply absent. A push may name any case or person id and is answered the same whether it
 * exists, is hidden or is unknown: the answer is no oracle, and a link makes nothing readable.
 *
 * **What this subgraph adds to a case obeys the case's dissemination.** `Case.chatRooms` is the
 * case's content: a restricted case (a YELLOW pointer of another agency) shows none of it.
 * The narcotics verdict arrives in the representation; {@link showsCaseContent} fails closed.
 */
/** What the narcotics subgraph says of a case, as the representation carried it. */
export interface CaseVerdict {
  readonly restricted?: unknown;
}

/** Whether a case shows what hangs off it: only an explicit "not restricted" does (fail closed). */
export function showsCaseContent(reference: CaseVerdict): boolean {
  return reference.restricted === false;
}
