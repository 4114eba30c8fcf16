import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every juvenile write reads back the seal changes its request made (to report the records it
 * unsealed to the audit trail): an index on the request id keeps that one lookup, not a scan.
 */
export class UnsealingAudit1764300600000 implements MigrationInterface {
  name = 'UnsealingAudit1764300600000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE INDEX seal_changes_request_idx ON juvenile.seal_changes (request_id)
         WHERE request_id IS NOT NULL`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP INDEX juvenile.seal_changes_request_idx');
  }
}
