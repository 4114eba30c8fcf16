import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit records, second format (schema/audit-row.ts):
 * - `client_request_id` (the client's x-request-id, beside the hub's own `request_id`),
 *   `scopes` (what the request ran with), `value_hashes` (every keyed hash of its variables:
 *   what "who searched for X?" matches), and outcome `PENDING` for a mutation's write-ahead
 *   record;
 * - `format`: rows written before this migration keep the canonical text their hashes cover
 *   (format 1); new rows (format 2) cover the new columns too. The chain stays one chain.
 * - indexes for every filter the audit subgraph offers.
 */
export class AuditValues1764300500000 implements MigrationInterface {
  name = 'AuditValues1764300500000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE audit.access_log
        ADD COLUMN client_request_id text,
        ADD COLUMN scopes text[] NOT NULL DEFAULT '{}',
        ADD COLUMN value_hashes text[] NOT NULL DEFAULT '{}',
        ADD COLUMN format smallint NOT NULL DEFAULT 1;
      ALTER TABLE audit.access_log DROP CONSTRAINT access_log_outcome_check;
      ALTER TABLE audit.access_log ADD CONSTRAINT access_log_outcome_check
        CHECK (outcome IN ('OK', 'PARTIAL', 'DENIED', 'ERROR', 'PENDING'));

      CREATE INDEX access_log_request_idx ON audit.access_log (request_id);
      CREATE INDEX access_log_client_request_idx ON audit.access_log (client_request_id)
        WHERE client_request_id IS NOT NULL;
      CREATE INDEX access_log_client_address_idx ON audit.access_log (client_address, at DESC);
      CREATE INDEX access_log_purpose_idx ON audit.access_log (purpose, purpose_reference, at DESC);
      CREATE INDEX access_log_operation_idx ON audit.access_log (operation_name, at DESC);
      CREATE INDEX access_log_values_idx ON audit.access_log USING gin (value_hashes);
      CREATE INDEX access_log_denied_idx ON audit.access_log USING gin (fields_denied jsonb_path_ops);

      CREATE OR REPLACE FUNCTION audit.canonical(r audit.access_log) RETURNS text
      LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE WHEN r.format = 1 THEN jsonb_build_array(
          r.seq, to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), r.request_id,
          r.sub, r.agency, r.province, to_jsonb(r.roles), r.purpose, r.purpose_reference,
          r.client_address, r.operation_name, r.operation_type, r.document_hash, r.variables,
          to_jsonb(r.fields_requested), r.fields_denied, r.records_accessed, r.outcome,
          r.http_status, r.duration_ms::text, to_jsonb(r.error_codes)
        )::text ELSE jsonb_build_array(
          r.format, r.seq, to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
          r.request_id, r.client_request_id, r.sub, r.agency, r.province, to_jsonb(r.roles),
          to_jsonb(r.scopes), r.purpose, r.purpose_reference, r.client_address, r.operation_name,
          r.operation_type, r.document_hash, r.variables, to_jsonb(r.value_hashes),
          to_jsonb(r.fields_requested), r.fields_denied, r.records_accessed, r.outcome,
          r.http_status, r.duration_ms::text, to_jsonb(r.error_codes)
        )::text END
      $$;

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
          r.at := coalesce(r.at, clock_timestamp());
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
      REVOKE ALL ON FUNCTION audit.append(jsonb) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION audit.append(jsonb) TO hub_audit_writer;
    `);
  }

  async down(): Promise<void> {
    throw new Error('the audit store is never rolled back: records must be kept');
  }
}
