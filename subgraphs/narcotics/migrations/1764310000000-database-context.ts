import type { MigrationInterface, QueryRunner } from 'typeorm';

import { databaseContextV1, gateV1, pgcryptoSchema, runStatements } from '../../kit/index.js';

/** The caller's agency as the gateway vouched for it: once per statement (an InitPlan). */
const CALLER_AGENCY = `(SELECT narcotics.ctx_agency())`;

/** The tables whose rows belong to one case (labs may belong to none). */
const CHILD_TABLES = ['case_suspects', 'seizures', 'arrests', 'labs'] as const;

const CASE_IN_FULL = `EXISTS (SELECT 1 FROM narcotics.cases c
    WHERE c.id = case_id AND narcotics.case_in_full(c.dissemination, c.owning_agency_code,
      ${CALLER_AGENCY}))`;

function childRule(table: (typeof CHILD_TABLES)[number]): string {
  return table === 'labs' ? `(case_id IS NULL OR ${CASE_IN_FULL})` : CASE_IN_FULL;
}

/** The rules of migration 1764300400000, now fed by the verified context. */
const RULES = [
  /**
   * Whether `caller_agency` sees a case in full: GREEN, or its own. Plain SQL with the agency as
   * an argument, so the planner inlines it and callers pass {@link CALLER_AGENCY} — verified
   * once per statement, not once per row.
   */
  `CREATE FUNCTION narcotics.case_in_full(dissemination varchar, owning_agency_code varchar,
       caller_agency text)
     RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$
       SELECT coalesce(dissemination = 'GREEN' OR owning_agency_code = caller_agency, false)
     $$`,
  `DROP POLICY cases_read ON narcotics.cases`,
  `DROP POLICY cases_open ON narcotics.cases`,
  `DROP POLICY cases_change ON narcotics.cases`,
  `CREATE POLICY cases_read ON narcotics.cases FOR SELECT
     USING (dissemination <> 'RED' OR owning_agency_code = ${CALLER_AGENCY})`,
  `CREATE POLICY cases_open ON narcotics.cases FOR INSERT
     WITH CHECK (owning_agency_code = ${CALLER_AGENCY})`,
  `CREATE POLICY cases_change ON narcotics.cases FOR UPDATE
     USING (narcotics.case_in_full(dissemination, owning_agency_code, ${CALLER_AGENCY}))
     WITH CHECK (narcotics.case_in_full(dissemination, owning_agency_code, ${CALLER_AGENCY}))`,
  ...CHILD_TABLES.flatMap((table) => [
    `DROP POLICY ${table}_read ON narcotics.${table}`,
    `DROP POLICY ${table}_add ON narcotics.${table}`,
    `CREATE POLICY ${table}_read ON narcotics.${table} FOR SELECT USING (${childRule(table)})`,
    `CREATE POLICY ${table}_add ON narcotics.${table} FOR INSERT WITH CHECK (${
      table === 'arrests'
        ? `${childRule(table)} AND arresting_agency_code = ${CALLER_AGENCY}`
        : childRule(table)
    })`,
  ]),
  /*
   * The identity verdict read the caller's agency from a setting any session could set, as the
   * owner: an oracle on other agencies' hidden cases. The verdict is now plain SQL in the
   * narcotics queries (repositories/identity.sql.ts), under row-level security.
   */
  `DROP FUNCTION narcotics.identity_protected(integer, date)`,
  `DROP FUNCTION narcotics.case_in_full(varchar, varchar)`,
];

/**
 * The caller reaches the narcotics database only as the gateway vouched for it (the database
 * context, subgraphs/kit/database-context.ts): dissemination reads the verified agency, and
 * every table refuses rows to a session without a vouched caller and writes to one without
 * `narcotics:write` — whatever `hub.*` settings it sets itself.
 */
export class DatabaseContext1764310000000 implements MigrationInterface {
  name = 'DatabaseContext1764310000000';

  async up(runner: QueryRunner): Promise<void> {
    await runStatements(runner, [
      ...databaseContextV1('narcotics', await pgcryptoSchema(runner)),
      ...RULES,
      ...gateV1('narcotics', {
        ruled: ['cases', ...CHILD_TABLES],
        open: ['agencies', 'persons', 'drug_rings'],
      }),
    ]);
  }

  async down(): Promise<void> {
    throw new Error('not reversible: going back would trust settings any session sets');
  }
}
