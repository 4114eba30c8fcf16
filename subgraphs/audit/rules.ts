/**
 * Record-level rules of the audit trail's read side. An audit team sees the whole trail
 * (`audit:read`, declared in directives.ts); what the trail holds was already decided by the
 * gateway that wrote it — keyed hashes for protected values, opaque ids for records
 * (schema/audit-row.ts). One rule remains here:
 *
 * - **Searches by value are rationed.** "Who searched for X?" is asked by giving X; the store
 *   answers by comparing keyed hashes. Each such search is a guess an auditor can check, and a
 *   short value (a date of birth, a school from a short list) is guessed in a few thousand
 *   tries — so each auditor gets a fixed number per hour (HUB_AUDIT_VALUE_LOOKUPS_PER_HOUR),
 *   every one of them is itself in the trail, and past the allowance the search is refused.
 */
import { GraphQLError } from 'graphql';

import { ERROR_CODES } from '../../schema/errors.js';
import type { SubgraphContext } from '../kit/index.js';

const RATIONED =
  'filter.variableValue: searches by value are rationed per auditor and hour; ' +
  'this allowance is used up (try again later)';

/** Spends one search by value of the caller's allowance, or refuses the search. */
export async function chargeValueSearch(context: SubgraphContext): Promise<void> {
  const budget = context.services.lookupBudget;
  const { sub, agency } = context.hub.principal;
  if (!budget || !(await budget(JSON.stringify([agency, sub])))) {
    throw new GraphQLError(RATIONED, { extensions: { code: ERROR_CODES.RATE_LIMITED } });
  }
}
