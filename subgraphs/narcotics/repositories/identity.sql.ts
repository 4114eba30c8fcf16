/**
 * The SQL of the narcotics subgraph's database verdicts, shared by the entities' virtual
 * columns and the repositories' filters and orders (one definition each).
 */

/** The caller's agency as the gateway vouched for it, verified once per statement (InitPlan). */
const CALLER_AGENCY = '(SELECT narcotics.ctx_agency())';

/** SQL: the caller sees case `alias` in full (GREEN, or their own agency's). */
export function caseInFull(alias: string): string {
  return `narcotics.case_in_full(${alias}.dissemination, ${alias}.owning_agency_code, ${CALLER_AGENCY})`;
}

/**
 * SQL: the identity of person `alias` is protected (rules.ts): a minor today, of unknown age,
 * or a suspect in a case the caller sees in full that opened while a minor. Plain SQL under
 * row-level security, so the suspect links counted are exactly those the caller may see (the
 * policies show a link only with its case in full); in the statement itself, not in a
 * function, so the policies' verified context is checked once per statement, not per person.
 */
export function identityProtected(alias: string): string {
  return `(narcotics.minor_on(${alias}.date_of_birth, (now() AT TIME ZONE 'UTC')::date)
    OR EXISTS (SELECT 1 FROM narcotics.case_suspects s
                 JOIN narcotics.cases c ON c.id = s.case_id
                WHERE s.person_id = ${alias}.id
                  AND narcotics.minor_on(${alias}.date_of_birth,
                                         (c.opened_at AT TIME ZONE 'UTC')::date)))`;
}
