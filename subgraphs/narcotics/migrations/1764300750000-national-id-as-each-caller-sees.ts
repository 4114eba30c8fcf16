import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A national id is "on record" for a caller exactly when that caller's own search by it finds
 * someone (rules.ts `nationalIdOnRecordFor`). A hub-wide unique national id let a caller who
 * sees minors masked tell, by a conflict their search could not explain, that a protected
 * person holds a guessed id. So uniqueness is checked by the resolver in the caller's view,
 * serialized per id by an advisory lock, and the index stays for lookups.
 */
export class NationalIdAsEachCallerSees1764300750000 implements MigrationInterface {
  name = 'NationalIdAsEachCallerSees1764300750000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`ALTER TABLE narcotics.persons DROP CONSTRAINT persons_national_id_key`);
    await runner.query(
      `CREATE INDEX persons_national_id_idx ON narcotics.persons (national_id)
         WHERE national_id IS NOT NULL`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX narcotics.persons_national_id_idx`);
    await runner.query(
      `ALTER TABLE narcotics.persons ADD CONSTRAINT persons_national_id_key UNIQUE (national_id)`,
    );
  }
}
