import type { MigrationInterface, QueryRunner } from 'typeorm';

import { databaseContextV1, gateV1, pgcryptoSchema, runStatements } from '../../kit/index.js';

/** Whether the vouched caller may read (and so write) sealed records: once per statement. */
const MAY_READ_SEALED = `(SELECT juvenile.may_read_sealed())`;

const RULES = [
  /**
   * `juvenile:sealed` with purpose JUDICIAL and a reference, as the gateway vouched for them —
   * no longer as the session's own settings say. One verification per call: plpgsql reads the
   * verified context once.
   */
  `CREATE OR REPLACE FUNCTION juvenile.may_read_sealed() RETURNS boolean
     LANGUAGE plpgsql STABLE SET search_path = pg_catalog, pg_temp AS $$
     DECLARE
       v_caller juvenile.database_context := juvenile.database_context();
     BEGIN
       RETURN coalesce('juvenile:sealed' = ANY (v_caller.scopes)
                       AND v_caller.purpose = 'JUDICIAL' AND v_caller.reference <> '', false);
     END
   $$`,
  `DROP POLICY juvenile_records_read ON juvenile.juvenile_records`,
  `DROP POLICY juvenile_records_insert ON juvenile.juvenile_records`,
  `DROP POLICY juvenile_records_update ON juvenile.juvenile_records`,
  `CREATE POLICY juvenile_records_read ON juvenile.juvenile_records FOR SELECT
     USING (NOT sealed OR ${MAY_READ_SEALED})`,
  /*
   * Recording an offence or a disposition is a judicial act (DESIGN §6): the same
   * `juvenile:sealed` + JUDICIAL the gateway requires, here too — a writer who could not read
   * sealed records could learn the law's decision from what it reads afterwards. New rows start
   * unsealed; the sealing trigger (as owner) then applies the law.
   */
  `CREATE POLICY juvenile_records_insert ON juvenile.juvenile_records FOR INSERT
     WITH CHECK (NOT sealed AND ${MAY_READ_SEALED})`,
  `CREATE POLICY juvenile_records_update ON juvenile.juvenile_records FOR UPDATE
     USING (${MAY_READ_SEALED}) WITH CHECK (${MAY_READ_SEALED})`,
  /** The law of migration 1764300200000; the seal history names the vouched officer and request. */
  `CREATE OR REPLACE FUNCTION juvenile.reevaluate_sealing(p_person_id integer, p_cause text)
     RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
     DECLARE
       v_changed integer;
       v_caller juvenile.database_context := juvenile.database_context();
     BEGIN
       -- One evaluation per person at a time: concurrent offences all count (READ COMMITTED).
       PERFORM pg_advisory_xact_lock(1764300200, p_person_id);
       WITH combined AS (
         SELECT coalesce(sum(sentence_months), 0)::integer AS months
           FROM juvenile.juvenile_records WHERE person_id = p_person_id
       ), decided AS (
         SELECT r.id, r.sealed AS was_sealed, r.seal_reason IS NULL AS first_time,
                juvenile.sealed_by_law(r.age_at_offence, c.months) AS sealed,
                r.age_at_offence, c.months
           FROM juvenile.juvenile_records r CROSS JOIN combined c
          WHERE r.person_id = p_person_id
       ), changed AS (
         UPDATE juvenile.juvenile_records r
            SET sealed = d.sealed,
                seal_changed_at = now(),
                seal_reason = CASE
                  WHEN d.sealed THEN format(
                    'Sealed by law: %s at the offence, combined sentence %s months (at most 60); %s',
                    d.age_at_offence, d.months, p_cause)
                  WHEN d.was_sealed THEN format(
                    'Unsealed: combined sentence %s months exceeds 60; %s', d.months, p_cause)
                  ELSE format(
                    'Not sealed: combined sentence %s months exceeds 60; %s', d.months, p_cause)
                END
           FROM decided d
          WHERE r.id = d.id AND (d.first_time OR d.sealed <> d.was_sealed)
         RETURNING r.id, r.sealed, r.seal_reason, d.months
       )
       INSERT INTO juvenile.seal_changes
              (record_id, sealed, reason, combined_sentence_months, changed_by, request_id)
       SELECT id, sealed, seal_reason, months,
              nullif(v_caller.sub, ''), nullif(v_caller.request_id, '')
         FROM changed;
       GET DIAGNOSTICS v_changed = ROW_COUNT;
       RETURN v_changed;
     END
   $$`,
];

/**
 * The caller reaches the juvenile database only as the gateway vouched for it (the database
 * context, subgraphs/kit/database-context.ts): a sealed record exists only for a vouched
 * `juvenile:sealed` caller with purpose JUDICIAL and a reference, records are written only by
 * such a caller, and every table refuses rows to a session without a vouched caller and writes
 * to one without `juvenile:write` — whatever `hub.*` settings it sets itself.
 */
export class DatabaseContext1764310000000 implements MigrationInterface {
  name = 'DatabaseContext1764310000000';

  async up(runner: QueryRunner): Promise<void> {
    await runStatements(runner, [
      ...databaseContextV1('juvenile', await pgcryptoSchema(runner)),
      ...RULES,
      ...gateV1('juvenile', {
        ruled: ['juvenile_records', 'seal_changes', 'welfare_referrals'],
        open: [],
      }),
    ]);
  }

  async down(): Promise<void> {
    throw new Error('not reversible: going back would trust settings any session sets');
  }
}
