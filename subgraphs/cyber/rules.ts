/**
 * The record-level rules of the cyber subgraph (DESIGN §6, §8), in one place.
 *
 * **Source namespaces belong to the pushing agency.** A pushed item is identified by its
 * pusher's agency (`pushedBy`, from the gateway's context, never from the item), its `source`
 * and its `externalId`; references inside a push resolve in the pusher's own namespace only. One
 * agency therefore cannot squat another's source, turn its items into duplicates, or hang
 * handles and links on its rooms. The database refuses a runtime insert into another namespace
 * (migrations 1764300710000, 1764310000000: the pusher's agency as the gateway vouched for it);
 * {@link pushNamespace} decides which namespace a push writes.
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
import { ForbiddenError } from '../kit/index.js';

/** The namespace of rows written outside a push: the demo seed (and rows older than namespaces). */
export const HUB_NAMESPACE = 'HUB';

/**
 * The namespace a push by `agency` writes and resolves references in: the agency itself. The
 * hub's own namespace is not an agency's to push into.
 */
export function pushNamespace(agency: string): string {
  if (agency.trim() === '' || agency.toUpperCase() === HUB_NAMESPACE) {
    throw new ForbiddenError(`Agency ${agency || '(none)'} may not push intel`);
  }
  return agency;
}

/** What the narcotics subgraph says of a case, as the representation carried it. */
export interface CaseVerdict {
  readonly restricted?: unknown;
}

/** Whether a case shows what hangs off it: only an explicit "not restricted" does (fail closed). */
export function showsCaseContent(reference: CaseVerdict): boolean {
  return reference.restricted === false;
}
