import type { MigrationInterface, QueryRunner } from 'typeorm';

const APP = 'hub_narcotics_app';

/** Today and a case's opening day, as calendar dates in UTC (one clock for every replica). */
const TODAY = `(now() AT TIME ZONE 'UTC')::date`;
const OPENED_ON = `(c.opened_at AT TIME ZONE 'UTC')::date`;

const UP = [
  /**
   * Under 18 on `p_on` — or not known to be 18 or more: an unknown date of birth counts as a
   * minor's. 18 years before `p_on` (29 February, which has no such day, counts from the 28th)
   * is the latest birth date of an adult.
   */
  `CREATE FUNCTION narcotics.minor_on(p_date_of_birth date, p_on date) RETURNS boolean
     LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
       SELECT p_date_of_birth IS NULL OR p_date_of_birth > (p_on - interval '18 years')::date
     $$`,
  /**
   * Whether a person's identity is protected (shown masked to callers without juvenile:read),
   * by age alone and from rows the caller may see: a minor today, or a suspect in a case opened
   * while a minor — counting only cases the caller sees in full, which are exactly the cases
   * whose suspect links row-level security shows (\`narcotics.case_in_full\`, the function those
   * policies are built on), so a case the caller cannot see changes nothing they observe. It
   * runs as the owner and states that condition itself because the policies' own subquery,
   * re-planned for every person, costs milliseconds a row; this one is two index lookups.
   */
  `CREATE FUNCTION narcotics.identity_protected(p_person_id integer, p_date_of_birth date)
     RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
     SET search_path = pg_catalog, pg_temp AS $$
       SELECT narcotics.minor_on(p_date_of_birth, ${TODAY})
           OR EXISTS (SELECT 1 FROM narcotics.case_suspects s
                        JOIN narcotics.cases c ON c.id = s.case_id
                       WHERE s.person_id = p_person_id
                         AND narcotics.case_in_full(c.dissemination, c.owning_agency_code)
                         AND narcotics.minor_on(p_date_of_birth, ${OPENED_ON}))
     $$`,
  `REVOKE EXECUTE ON FUNCTION narcotics.identity_protected(integer, date) FROM PUBLIC`,
  `GRANT EXECUTE ON FUNCTION narcotics.identity_protected(integer, date) TO ${APP}`,
  /** "Zhang  wei" → "Z. W.": what a masked name shows, and what lists order by (see below). */
  `CREATE FUNCTION narcotics.initials(p_full_name text) RETURNS text
     LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
       SELECT upper(regexp_replace(
                regexp_replace(btrim(p_full_name), '(\\S)\\S*', '\\1.', 'g'), '\\s+', ' ', 'g'))
     $$`,
  `CREATE INDEX persons_initials_order_idx ON narcotics.persons (narcotics.initials(full_name), id)`,
];

/**
 * Minors' identity by age alone (DESIGN §6; subgraphs/narcotics/rules.ts): the one definition of
 * a protected identity, read with every person row, and the initials order that lists showing
 * masked persons use (every caller sees at least the initials of everyone, so the order gives
 * nothing away; the index keeps those pages index scans).
 */
export class MinorsIdentity1764300610000 implements MigrationInterface {
  name = 'MinorsIdentity1764300610000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of UP) {
      await runner.query(statement);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX narcotics.persons_initials_order_idx');
    await runner.query(
      `DROP FUNCTION narcotics.initials(text), narcotics.identity_protected(integer, date),
         narcotics.minor_on(date, date)`,
    );
  }
}
