import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Case numbers are unique per owning agency, not across the hub (DESIGN §6). A hub-wide unique
 * number let one agency probe another's RED cases: opening a case under a hidden number failed
 * with "already taken". Each agency numbers its own cases; the same number at two agencies is
 * two cases, told apart by `caseByNumber(owningAgency:)`. The number-prefix search index stays.
 */
export class CaseNumberPerAgency1764300700000 implements MigrationInterface {
  name = 'CaseNumberPerAgency1764300700000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE narcotics.cases DROP CONSTRAINT cases_case_number_key`);
    await runner.query(
      `ALTER TABLE narcotics.cases
         ADD CONSTRAINT cases_number_per_agency UNIQUE (owning_agency_code, case_number)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE narcotics.cases DROP CONSTRAINT cases_number_per_agency`);
    await runner.query(
      `ALTER TABLE narcotics.cases ADD CONSTRAINT cases_case_number_key UNIQUE (case_number)`,
    );
  }
}
