import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Seal reasons reach clients (`sealReason`, a seal change's `reason`), so they must not carry
 * database ids: the ids clients see are opaque (DESIGN §6), and a row id would count and date
 * the records around it. The causes now say what happened, not to which row; the record a
 * reason belongs to is the record it is read on.
 */
const AFTER_INSERT = (cause: string) => `
  CREATE OR REPLACE FUNCTION juvenile.seal_after_insert() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    DECLARE
      p record;
    BEGIN
      FOR p IN SELECT person_id, string_agg(id::text, ', ' ORDER BY id) AS ids
                 FROM added GROUP BY person_id ORDER BY person_id LOOP
        PERFORM juvenile.reevaluate_sealing(p.person_id, ${cause});
      END LOOP;
      RETURN NULL;
    END
  $$`;

const AFTER_REVISION = (moved: string, decided: string) => `
  CREATE OR REPLACE FUNCTION juvenile.seal_after_revision() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    BEGIN
      IF OLD.person_id <> NEW.person_id THEN
        PERFORM juvenile.reevaluate_sealing(OLD.person_id, ${moved});
      END IF;
      PERFORM juvenile.reevaluate_sealing(NEW.person_id, ${decided});
      RETURN NULL;
    END
  $$`;

export class SealReasonsWithoutIds1764300800000 implements MigrationInterface {
  name = 'SealReasonsWithoutIds1764300800000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(AFTER_INSERT(`'a new or newly found offence was recorded'`));
    await runner.query(
      AFTER_REVISION(`'a record moved to another person'`, `'a disposition was recorded'`),
    );
  }

  /** Restores the texts of migration 1764300200000. */
  async down(runner: QueryRunner): Promise<void> {
    await runner.query(AFTER_INSERT(`'offence recorded as record ' || p.ids`));
    await runner.query(
      AFTER_REVISION(
        `format('record %s moved to another person', NEW.id)`,
        `format('disposition of record %s recorded', NEW.id)`,
      ),
    );
  }
}
