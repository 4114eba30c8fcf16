import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log's Merkle tree and its signed checkpoints (schema/merkle-log.ts,
 * schema/signed-note.ts). The hash chain stays: its head's row lock is what puts every append
 * in one order (`seq` = commit order), which is the order of the tree's leaves.
 *
 * - `log_nodes`: the tree's perfect subtrees (level, index), level 0 the leaves with their
 *   record's `seq`. A cache for proofs: nothing trusts it (the checkpointer checks the tree's
 *   edge against its last signed root, clients check every proof against a signed root,
 *   `hub audit verify` recomputes from the records).
 * - `checkpoints`: each signed checkpoint note, the size it covers and its last record's `seq`.
 * - `cosignatures`: witnesses' co-signatures, beside the checkpoint they sign.
 * - `audit.leaves_after`: the committed records after a `seq`, for the gateway's writer (which
 *   reads no other record): never beyond the chain head, so never past a gap still in flight.
 */
export class AuditLogTree1764320000000 implements MigrationInterface {
  name = 'AuditLogTree1764320000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE audit.log_nodes (
        level smallint NOT NULL CHECK (level BETWEEN 0 AND 62),
        idx bigint NOT NULL CHECK (idx >= 0),
        hash bytea NOT NULL CHECK (length(hash) = 32),
        seq bigint,
        PRIMARY KEY (level, idx)
      );
      CREATE UNIQUE INDEX log_nodes_seq_idx ON audit.log_nodes (seq) WHERE level = 0;

      CREATE TABLE audit.checkpoints (
        size bigint PRIMARY KEY CHECK (size > 0),
        last_seq bigint NOT NULL,
        root bytea NOT NULL CHECK (length(root) = 32),
        note text NOT NULL,
        made_at timestamptz NOT NULL DEFAULT clock_timestamp()
      );

      CREATE TABLE audit.cosignatures (
        size bigint NOT NULL REFERENCES audit.checkpoints (size),
        witness text NOT NULL,
        line text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (size, witness)
      );

      CREATE TRIGGER log_nodes_append_only BEFORE UPDATE OR DELETE ON audit.log_nodes
        FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
      CREATE TRIGGER log_nodes_no_truncate BEFORE TRUNCATE ON audit.log_nodes
        FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
      CREATE TRIGGER checkpoints_append_only BEFORE UPDATE OR DELETE ON audit.checkpoints
        FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
      CREATE TRIGGER checkpoints_no_truncate BEFORE TRUNCATE ON audit.checkpoints
        FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();
      CREATE TRIGGER cosignatures_append_only BEFORE UPDATE OR DELETE ON audit.cosignatures
        FOR EACH ROW EXECUTE FUNCTION audit.refuse_change();
      CREATE TRIGGER cosignatures_no_truncate BEFORE TRUNCATE ON audit.cosignatures
        FOR EACH STATEMENT EXECUTE FUNCTION audit.refuse_change();

      CREATE FUNCTION audit.leaves_after(after_seq bigint, max_rows integer)
      RETURNS SETOF audit.access_log
      LANGUAGE sql STABLE SECURITY DEFINER SET search_path = audit, pg_temp AS $$
        SELECT * FROM audit.access_log
        WHERE seq > after_seq AND seq <= (SELECT seq FROM audit.chain_head WHERE id = 1)
        ORDER BY seq LIMIT least(greatest(max_rows, 0), 100000)
      $$;
      REVOKE ALL ON FUNCTION audit.leaves_after(bigint, integer) FROM PUBLIC;
      GRANT EXECUTE ON FUNCTION audit.leaves_after(bigint, integer) TO hub_audit_writer;

      REVOKE ALL ON audit.log_nodes, audit.checkpoints, audit.cosignatures FROM PUBLIC;
      GRANT SELECT, INSERT ON audit.log_nodes, audit.checkpoints, audit.cosignatures
        TO hub_audit_writer;
      GRANT SELECT ON audit.log_nodes, audit.checkpoints, audit.cosignatures TO hub_audit_app;
    `);
  }

  async down(): Promise<void> {
    throw new Error('the audit store is never rolled back: records must be kept');
  }
}
