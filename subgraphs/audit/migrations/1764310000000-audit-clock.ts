import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two things the writer's password must not buy:
 * - a backdated or future record: `audit.append` now stamps every row's `at` with the
 *   database's clock (`clock_timestamp()`, under the chain head's lock, so `at` follows `seq`)
 *   and ignores any `at` a client sends. The row shape is unchanged (format 2); `at` is the
 *   time of appending, and the request's start is `at` minus `duration_ms` (the gateway's
 *   clock, unverifiable by the store, is no longer kept as a separate column).
 * - unbounded DDL: `audit.ensure_partitions` makes at most 12 months ahead and is no longer
 *   the writer's to call; the owner runs it after every migrate (subgraphs/audit/index.ts).
 *   Records of a month without its partition go to the default partition, as before.
 */
export class AuditClock1764310000000 implements MigrationInterface {
  name = 'AuditClock1764310000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION audit.append(entries jsonb) RETURNS TABLE (seq bigint, hash text)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = audit, pg_temp AS $$
      DECLARE
        head audit.chain_head;
        entry jsonb;
        r audit.access_log;
      BEGIN
        SELECT * INTO head FROM audit.chain_head WHERE id = 1 FOR UPDATE;
        FOR entry IN SELECT value FROM jsonb_array_elements(entries) LOOP
          r := jsonb_populate_record(NULL::audit.access_log, entry);
          r.format := 2;
          r.seq := nextval('audit.access_log_seq');
          r.at := clock_timestamp();
          r.roles := coalesce(r.roles, '{}');
          r.scopes := coalesce(r.scopes, '{}');
          r.value_hashes := coalesce(r.value_hashes, '{}');
          r.fields_requested := coalesce(r.fields_requested, '{}');
          r.fields_denied := coalesce(r.fields_denied, '[]');
          r.records_accessed := coalesce(r.records_accessed, '[]');
          r.error_codes := coalesce(r.error_codes, '{}');
          r.prev_hash := head.hash;
          r.hash := audit.row_hash(r);
          INSERT INTO audit.access_log SELECT r.*;
          head.seq := r.seq;
          head.hash := r.hash;
          seq := r.seq;
          hash := r.hash;
          RETURN NEXT;
        END LOOP;
        PERFORM set_config('hub.audit_append', 'on', true);
        UPDATE audit.chain_head SET seq = head.seq, hash = head.hash WHERE id = 1;
      END $$;

      CREATE OR REPLACE FUNCTION audit.ensure_partitions(months_ahead integer) RETURNS integer
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = audit, pg_temp AS $$
      DECLARE
        month date := date_trunc('month', now() AT TIME ZONE 'UTC')::date;
        made integer := 0;
        name text;
      BEGIN
        IF months_ahead IS NULL OR months_ahead NOT BETWEEN 0 AND 12 THEN
          RAISE EXCEPTION 'audit partitions are made at most 12 months ahead (asked: %)', months_ahead
            USING ERRCODE = 'invalid_parameter_value';
        END IF;
        FOR i IN 0..months_ahead LOOP
          name := format('access_log_%s', to_char(month, 'YYYY_MM'));
          IF to_regclass(format('audit.%I', name)) IS NULL THEN
            EXECUTE format(
              'CREATE TABLE audit.%I PARTITION OF audit.access_log FOR VALUES FROM (%L) TO (%L)',
              name, month::timestamptz, (month + interval '1 month')::timestamptz);
            EXECUTE format('CREATE TRIGGER no_truncate BEFORE TRUNCATE ON audit.%I
              FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change()', name);
            EXECUTE format('REVOKE ALL ON audit.%I FROM PUBLIC, hub_audit_app, hub_audit_writer', name);
            made := made + 1;
          END IF;
          month := (month + interval '1 month')::date;
        END LOOP;
        RETURN made;
      END $$;
      REVOKE ALL ON FUNCTION audit.ensure_partitions(integer) FROM PUBLIC, hub_audit_writer;
    `);
  }

  async down(): Promise<void> {
    throw new Error('the audit store is never rolled back: records must be kept');
  }
}
