import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Migrations, seeds and maintenance run as this role; it keeps seeing and writing every row. */
const OWNER = 'hub_narcotics_owner';

/** The calling officer's agency, set transaction-locally by the kit from the gateway's context. */
const CALLER_AGENCY = `current_setting('hub.agency', true)`;

/** The tables whose rows belong to one case (labs may belong to none). */
const CHILD_TABLES = ['case_suspects', 'seizures', 'arrests', 'labs'] as const;

/** A child row is visible exactly when its case is visible in full (the subquery is itself filtered). */
const CASE_IN_FULL = `EXISTS (SELECT 1 FROM narcotics.cases c
    WHERE c.id = case_id AND narcotics.case_in_full(c.dissemination, c.owning_agency_code))`;

function childRule(table: (typeof CHILD_TABLES)[number]): string {
  return table === 'labs' ? `(case_id IS NULL OR ${CASE_IN_FULL})` : CASE_IN_FULL;
}

const UP = [
  /**
   * Whether the caller sees a case in full: GREEN, or owned by the caller's agency. A YELLOW
   * case of another agency is a pointer (see subgraphs/narcotics/rules.ts), a RED one nothing.
   * Never null: without an agency setting only GREEN cases are in full (fail closed).
   */
  `CREATE FUNCTION narcotics.case_in_full(dissemination varchar, owning_agency_code varchar)
     RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$
       SELECT coalesce(dissemination = 'GREEN' OR owning_agency_code = ${CALLER_AGENCY}, false)
     $$`,

  `ALTER TABLE narcotics.cases ENABLE ROW LEVEL SECURITY`,
  `ALTER TABLE narcotics.cases FORCE ROW LEVEL SECURITY`,
  `CREATE POLICY cases_owner ON narcotics.cases TO ${OWNER} USING (true) WITH CHECK (true)`,
  // A RED case exists only for its owning agency; GREEN and YELLOW rows exist for everyone.
  `CREATE POLICY cases_read ON narcotics.cases FOR SELECT
     USING (dissemination <> 'RED' OR owning_agency_code = ${CALLER_AGENCY})`,
  // One opens cases for one's own agency only.
  `CREATE POLICY cases_open ON narcotics.cases FOR INSERT
     WITH CHECK (owning_agency_code = ${CALLER_AGENCY})`,
  // A case is changed only by those who see it in full, and stays so after the change.
  `CREATE POLICY cases_change ON narcotics.cases FOR UPDATE
     USING (narcotics.case_in_full(dissemination, owning_agency_code))
     WITH CHECK (narcotics.case_in_full(dissemination, owning_agency_code))`,

  ...CHILD_TABLES.flatMap((table) => [
    `ALTER TABLE narcotics.${table} ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE narcotics.${table} FORCE ROW LEVEL SECURITY`,
    `CREATE POLICY ${table}_owner ON narcotics.${table} TO ${OWNER} USING (true) WITH CHECK (true)`,
    `CREATE POLICY ${table}_read ON narcotics.${table} FOR SELECT USING (${childRule(table)})`,
    `CREATE POLICY ${table}_add ON narcotics.${table} FOR INSERT WITH CHECK (${
      table === 'arrests'
        ? `${childRule(table)} AND arresting_agency_code = ${CALLER_AGENCY}`
        : childRule(table)
    })`,
  ]),
];

/**
 * Row-level dissemination (DESIGN §6), enforced by PostgreSQL itself for the runtime role (not
 * owner, not superuser; FORCE binds the owner too, through its own permissive policy):
 *
 * - `cases`: RED rows of another agency do not exist — not in lists, counts, by id, by number,
 *   through `_entities` or joins; the filter applies before any LIMIT.
 * - `case_suspects`, `seizures`, `arrests`, `labs`: a row exists only when its case is visible
 *   in full (GREEN or one's own), so a YELLOW pointer has no suspects, seizures, arrests or labs,
 *   and totals and a person's cases count only what the caller may see.
 * - Writes: a case is opened for one's own agency; rows are added to, and cases changed, only
 *   when visible in full; an arrest is recorded by the caller's own agency. No DELETE policy:
 *   the runtime role deletes nothing.
 */
export class Dissemination1764300400000 implements MigrationInterface {
  name = 'Dissemination1764300400000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of UP) {
      await runner.query(statement);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of [...CHILD_TABLES, 'cases'] as const) {
      const policies =
        table === 'cases'
          ? ['cases_owner', 'cases_read', 'cases_open', 'cases_change']
          : [`${table}_owner`, `${table}_read`, `${table}_add`];
      for (const policy of policies) {
        await runner.query(`DROP POLICY ${policy} ON narcotics.${table}`);
      }
      await runner.query(`ALTER TABLE narcotics.${table} NO FORCE ROW LEVEL SECURITY`);
      await runner.query(`ALTER TABLE narcotics.${table} DISABLE ROW LEVEL SECURITY`);
    }
    await runner.query(`DROP FUNCTION narcotics.case_in_full(varchar, varchar)`);
  }
}
