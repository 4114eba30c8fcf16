import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `juvenileRecords(filter: { sealed })` in the list's own order (newest offence first): an
 * index for every filter the API offers (test/indexes.e2e.test.ts).
 */
export class SealedIndex1764301610000 implements MigrationInterface {
  name = 'SealedIndex1764301610000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      'CREATE INDEX juvenile_records_sealed_idx ON juvenile.juvenile_records (sealed, offence_date DESC, id DESC)',
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX juvenile.juvenile_records_sealed_idx');
  }
}
