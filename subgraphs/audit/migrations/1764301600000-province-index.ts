import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The one audit filter without an index of its own: `province` (test/indexes.e2e.test.ts found
 * a rare province read by scanning the whole month). `purposeReference` alone is served by
 * `access_log_purpose_idx` through PostgreSQL 18's skip scan, as the same test shows.
 */
export class ProvinceIndex1764301600000 implements MigrationInterface {
  name = 'ProvinceIndex1764301600000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      'CREATE INDEX access_log_province_idx ON audit.access_log (province, at DESC, seq DESC)',
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX audit.access_log_province_idx');
  }
}
