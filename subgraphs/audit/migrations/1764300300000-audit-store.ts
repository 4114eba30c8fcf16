import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit store: append-only (the database refuses UPDATE, DELETE and TRUNCATE, superusers
 * included), hash-chained (each row holds sha256(prev_hash || canonical row)), one chain for
 * every gateway replica (serialized on the chain head row), partitioned by month.
 */
export class AuditStore1764300300000 implements MigrationInterface {
  name = 'AuditStore1764300300000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE SEQUENCE audit.access_log_seq;

      CREATE TABLE audit.access_log (
        seq bigint NOT NULL,
        at timestamptz(6) NOT NULL,
        request_id text NOT NULL,
        sub text,
        agency text,
        province text,
        roles text[] NOT NULL DEFAULT '{}',
        purpose text,
        purpose_reference text,
        client_address text,
        operation_name text,
        operation_type text,
        document_hash text,
        variables jsonb,
        fields_requested text[] NOT NULL DEFAULT '{}',
        fields_denied jsonb NOT NULL DEFAULT '[]',
        records_accessed jsonb NOT NULL DEFAULT '[]',
        outcome text NOT NULL CHECK (outcome IN ('OK', 'PARTIAL', 'DENIED', 'ERROR')),
        http_status integer NOT NULL,
        duration_ms numeric(12, 3) NOT NULL,
        error_codes text[] NOT NULL DEFAULT '{}',
        prev_hash text NOT NULL,
        hash text NOT NULL,
        PRIMARY KEY (seq, at)
      ) PARTITION BY RANGE (at);
      CREATE TABLE audit.access_log_default PARTITION OF audit.access_log DEFAULT;
      CREATE INDEX access_log_seq_idx ON audit.access_log (seq);
      CREATE INDEX access_log_at_idx ON audit.access_log (at DESC, seq DESC);
      CREATE INDEX access_log_sub_idx ON audit.access_log (sub, at DESC);
      CREATE INDEX access_log_agency_idx ON audit.access_log (agency, at DESC);
      CREATE INDEX access_log_outcome_idx ON audit.access_log (outcome, at DESC);
      CREATE INDEX access_log_records_idx ON audit.access_log USING gin (records_accessed jsonb_path_ops);

      CREATE TABLE audit.chain_head (
        id integer PRIMARY KEY CHECK (id = 1),
        seq bigint NOT NULL,
        hash text NOT NULL
      );
      INSERT INTO audit.chain_head VALUES (1, 0, repeat('0', 64));

      -- The canonical text of a row: what its hash covers (everything but the hashes).
      CREATE FUNCTION audit.canonical(r audit.access_log) RETURNS text
      LANGUAGE sql IMMUTABLE AS $$
        SELECT jsonb_build_array(
          r.seq, to_char(r.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), r.request_id,
          r.sub, r.agency, r.province, to_jsonb(r.roles), r.purpose, r.purpose_reference,
          r.client_address, r.operation_name, r.operation_type, r.document_hash, r.variables,
          to_jsonb(r.fields_requested), r.fields_denied, r.records_accessed, r.outcome,
          r.http_status, r.duration_ms::text, to_jsonb(r.error_codes)
        )::text
      $$;

      CREATE FUNCTION audit.row_hash(r audit.access_log) RETURNS text
      LANGUAGE sql IMMUTABLE AS $$
        SELECT encode(sha256(convert_to(r.prev_hash || audit.canonical(r), 'UTF8')), 'hex')
      $$;

      -- Appends a batch (a JSON array of rows) in order, extending the one chain.
      CREATE FUNCTION audit.append(entries jsonb) RETURNS TABLE (seq bigint, hash text)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = audit, pg_temp AS $$
      DECLARE
        head audit.chain_head;
        entry jsonb;
        r audit.access_log;
      BEGIN
        SELECT * INTO head FROM audit.chain_head WHERE id = 1 FOR UPDATE;
        FOR entry IN SELECT value FROM jsonb_array_elements(entries) LOOP
          r := jsonb_populate_record(NULL::audit.access_log, entry);
          r.seq := nextval('audit.access_log_seq');
          r.at := coalesce(r.at, clock_timestamp());
          r.roles := coalesce(r.roles, '{}');
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

      -- Walks the chain: the first altered, removed or reordered record, or none.
      CREATE FUNCTION audit.verify_chain()
      RETURNS TABLE (verified boolean, length bigint, head_hash text, first_broken_seq bigint, problem text)
      LANGUAGE plpgsql STABLE SET search_path = audit, pg_temp AS $$
      DECLARE
        r audit.access_log;
        expected text := repeat('0', 64);
        n bigint := 0;
        head audit.chain_head;
      BEGIN
        SELECT * INTO head FROM audit.chain_head WHERE id = 1;
        FOR r IN SELECT * FROM audit.access_log ORDER BY seq LOOP
          n := n + 1;
          IF r.prev_hash <> expected THEN
            RETURN QUERY SELECT false, n, head.hash, r.seq, 'a record before this one was removed, altered or reordered';
            RETURN;
          END IF;
          IF r.hash <> audit.row_hash(r) THEN
            RETURN QUERY SELECT false, n, head.hash, r.seq, 'this record was altered';
            RETURN;
          END IF;
          expected := r.hash;
        END LOOP;
        IF head.hash <> expected THEN
          RETURN QUERY SELECT false, n, head.hash, head.seq, 'the last records were removed';
          RETURN;
        END IF;
        RETURN QUERY SELECT true, n, head.hash, NULL::bigint, NULL::text;
      END $$;

      -- Append-only, enforced by the database for every role, superusers included.
      CREATE FUNCTION audit.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'chain_head' AND TG_OP = 'UPDATE'
           AND current_setting('hub.audit_append', true) = 'on' THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit trail is append-only: % on %.% refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
          USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON audit.access_log
        FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
      CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON audit.access_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
      CREATE TRIGGER access_log_default_no_truncate BEFORE TRUNCATE ON audit.access_log_default
        FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
      CREATE TRIGGER chain_head_guard BEFORE UPDATE OR DELETE ON audit.chain_head
        FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
      CREATE TRIGGER chain_head_no_truncate BEFORE TRUNCATE ON audit.chain_head
        FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();

      -- Monthly partitions, made ahead of time (a year of records stays fast to query).
      CREATE FUNCTION audit.ensure_partitions(months_ahead integer) RETURNS integer
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = audit, pg_temp AS $$
      DECLARE
        month date := date_trunc('month', now() AT TIME ZONE 'UTC')::date;
        made integer := 0;
        name text;
      BEGIN
        FOR i IN 0..greatest(months_ahead, 0) LOOP
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
      SELECT audit.ensure_partitions(12);

      -- Who may do what: the gateway's writer only appends; the audit subgraph only reads.
      REVOKE ALL ON ALL TABLES IN SCHEMA audit FROM PUBLIC, hub_audit_app, hub_audit_writer;
      REVOKE ALL ON ALL FUNCTIONS IN SCHEMA audit FROM PUBLIC;
      ALTER DEFAULT PRIVILEGES FOR ROLE hub_audit_owner IN SCHEMA audit
        REVOKE INSERT, UPDATE, DELETE ON TABLES FROM hub_audit_app;
      GRANT USAGE ON SCHEMA audit TO hub_audit_writer, hub_audit_app;
      GRANT EXECUTE ON FUNCTION audit.append(jsonb), audit.ensure_partitions(integer) TO hub_audit_writer;
      GRANT SELECT ON audit.access_log, audit.chain_head TO hub_audit_app;
      GRANT EXECUTE ON FUNCTION audit.verify_chain(), audit.canonical(audit.access_log),
        audit.row_hash(audit.access_log) TO hub_audit_app;
    `);
  }

  async down(): Promise<void> {
    throw new Error('the audit store is never rolled back: records must be kept');
  }
}
