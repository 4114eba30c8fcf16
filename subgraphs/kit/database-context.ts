/**
 * The database side of the database context (schema/database-context.ts): the key table, the
 * verifier and the accessors the row-level policies read the caller through, the per-table gate
 * that makes an unvouched session anonymous, and the installation of the keys.
 *
 * Why hand-written SQL: the check must run inside PostgreSQL (the runtime role is the one not
 * trusted) and no extension ships it; pgcrypto gives the HMAC. Why per statement and not per
 * row: policies call the accessors as `(SELECT <schema>.ctx_…())`, an InitPlan evaluated once per
 * statement; a bare call would verify the HMAC again for every row.
 *
 * The statements are versioned: migrations call {@link databaseContextV1}; a change to them is
 * a new function and a new migration, never an edit of this one (committed migrations must
 * keep doing what they did).
 */
import pg from 'pg';
import type { QueryRunner } from 'typeorm';

import {
  DATABASE_CONTEXT_FIELDS as F,
  DATABASE_CONTEXT_SETTING,
  DATABASE_CONTEXT_SKEW_SECONDS,
  DATABASE_CONTEXT_VERSION,
} from '../../schema/database-context.js';
import { roleNames } from '../../schema/database-roles.js';

const { escapeIdentifier: ident, escapeLiteral: literal } = pg;

/** The schema pgcrypto lives in, in the database being migrated (provisioning creates it). */
export async function pgcryptoSchema(runner: QueryRunner): Promise<string> {
  const rows: { schema: string }[] = await runner.query(
    `SELECT n.nspname AS schema FROM pg_extension e
       JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pgcrypto'`,
  );
  const schema = rows[0]?.schema;
  if (!schema) {
    throw new Error('the pgcrypto extension is required: CREATE EXTENSION pgcrypto (as an admin)');
  }
  return schema;
}

/** A base64 field of the payload, decoded (`v_fields` in the verifier). */
const field = (n: number) => `convert_from(decode(v_fields[${n}], 'base64'), 'UTF8')`;

/**
 * NULL unless hub.db_context holds a value MACed under one of this database's keys, for this
 * subgraph, not expired (at the transaction's start, with the gateway's clock skew). The
 * MACs are compared as hashes of both, so the comparison's timing says nothing of the key.
 */
function verifierFunction(subgraph: string, crypto: string): string {
  const s = ident(subgraph);
  const hmac = `${ident(crypto)}.hmac`;
  return `CREATE FUNCTION ${s}.database_context() RETURNS ${s}.database_context
       LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
       DECLARE
         v_value text := current_setting(${literal(DATABASE_CONTEXT_SETTING)}, true);
         v_payload text;
         v_given bytea;
         v_key bytea;
         v_fields text[];
       BEGIN
         IF v_value IS NULL OR length(v_value) NOT BETWEEN 66 AND 16384
            OR substr(v_value, 65, 1) <> '.' THEN
           RETURN NULL;
         END IF;
         v_payload := substr(v_value, 66);
         v_given := sha256(convert_to(substr(v_value, 1, 64), 'UTF8'));
         FOR v_key IN SELECT k.key FROM ${s}.database_context_keys k ORDER BY k.slot LOOP
           CONTINUE WHEN sha256(convert_to(encode(
             ${hmac}(convert_to(v_payload, 'UTF8'), v_key, 'sha256'), 'hex'), 'UTF8')) <> v_given;
           v_fields := string_to_array(v_payload, '|');
           IF v_fields[${F.version}] <> ${literal(DATABASE_CONTEXT_VERSION)}
              OR v_fields[${F.subgraph}] <> ${literal(subgraph)}
              OR v_fields[${F.expires}]::bigint + ${DATABASE_CONTEXT_SKEW_SECONDS}
                 < extract(epoch FROM now()) THEN
             RETURN NULL;
           END IF;
           RETURN ROW(${field(F.sub)}, ${field(F.agency)}, ${field(F.province)},
             string_to_array(btrim(${field(F.scopes)}), ' '), ${field(F.purpose)},
             ${field(F.reference)}, ${field(F.requestId)})::${s}.database_context;
         END LOOP;
         RETURN NULL;
       END
     $$`;
}

/**
 * The key table (owner only), the verified principal's type, the verifier and its accessors,
 * for the subgraph whose schema (and name) is `subgraph`; `crypto` is pgcrypto's schema.
 */
export function databaseContextV1(subgraph: string, crypto: string): string[] {
  const s = ident(subgraph);
  const { app } = roleNames(subgraph);
  return [
    `CREATE TABLE ${s}.database_context_keys (
       slot text PRIMARY KEY CHECK (slot IN ('current', 'previous')),
       key bytea NOT NULL CHECK (octet_length(key) >= 32),
       installed_at timestamptz NOT NULL DEFAULT now()
     )`,
    // The owner's default privileges would hand the runtime role this table: take them back.
    `REVOKE ALL ON ${s}.database_context_keys FROM PUBLIC, ${ident(app)}`,
    `CREATE TYPE ${s}.database_context AS (
       sub text, agency text, province text, scopes text[], purpose text, reference text,
       request_id text
     )`,
    verifierFunction(subgraph, crypto),
    // Accessors: plain SQL so the planner inlines them into the policies' InitPlans.
    `CREATE FUNCTION ${s}.ctx_vouched() RETURNS boolean LANGUAGE sql STABLE AS $$
       SELECT (${s}.database_context()).request_id IS NOT NULL
     $$`,
    `CREATE FUNCTION ${s}.ctx_agency() RETURNS text LANGUAGE sql STABLE AS $$
       SELECT (${s}.database_context()).agency
     $$`,
    `CREATE FUNCTION ${s}.ctx_has_scope(p_scope text) RETURNS boolean LANGUAGE sql STABLE AS $$
       SELECT coalesce(p_scope = ANY ((${s}.database_context()).scopes), false)
     $$`,
    `REVOKE ALL ON FUNCTION ${s}.database_context() FROM PUBLIC`,
    `GRANT EXECUTE ON FUNCTION ${s}.database_context() TO ${ident(app)}`,
    // The runtime role has no business with the migrations table (a row there skips a migration).
    `REVOKE ALL ON ${s}.migrations FROM ${ident(app)}`,
  ];
}

/** A subgraph's tables: those with row-level rules of their own, and those without. */
export interface GatedTables {
  /** Row-level security already on, with an owner policy and the table's own rules. */
  readonly ruled: readonly string[];
  /** No rules yet: every vouched caller reads them, every writer writes them. */
  readonly open: readonly string[];
}

/**
 * The gate on every table of a subgraph for its runtime role (restrictive policies, ANDed with
 * the table's own): no row for a session the gateway did not vouch for, and no write without
 * the subgraph's write scope. Open tables get row-level security, a policy for the owner
 * (migrations, seeds, SECURITY DEFINER functions) and one letting the gate alone decide.
 */
export function gateV1(subgraph: string, tables: GatedTables): string[] {
  const s = ident(subgraph);
  const { owner, app } = roleNames(subgraph);
  const vouched = `(SELECT ${s}.ctx_vouched())`;
  const writer = `(SELECT ${s}.ctx_has_scope(${literal(`${subgraph}:write`)}))`;
  const opened = tables.open.flatMap((table) => {
    const t = `${s}.${ident(table)}`;
    return [
      `ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`,
      `ALTER TABLE ${t} FORCE ROW LEVEL SECURITY`,
      `CREATE POLICY ${ident(`${table}_owner`)} ON ${t} TO ${ident(owner)}
         USING (true) WITH CHECK (true)`,
      `CREATE POLICY ${ident(`${table}_app`)} ON ${t} TO ${ident(app)}
         USING (true) WITH CHECK (true)`,
    ];
  });
  const gated = [...tables.ruled, ...tables.open].flatMap((table) => {
    const t = `${s}.${ident(table)}`;
    const name = (suffix: string) => ident(`${table}_${suffix}`);
    return [
      `CREATE POLICY ${name('vouched')} ON ${t} AS RESTRICTIVE FOR SELECT TO ${ident(app)}
         USING (${vouched})`,
      `CREATE POLICY ${name('writer_insert')} ON ${t} AS RESTRICTIVE FOR INSERT TO ${ident(app)}
         WITH CHECK (${writer})`,
      `CREATE POLICY ${name('writer_update')} ON ${t} AS RESTRICTIVE FOR UPDATE TO ${ident(app)}
         USING (${writer}) WITH CHECK (${writer})`,
      `CREATE POLICY ${name('writer_delete')} ON ${t} AS RESTRICTIVE FOR DELETE TO ${ident(app)}
         USING (${writer})`,
    ];
  });
  return [...opened, ...gated];
}

/** Runs statements in order on a migration's runner. */
export async function runStatements(runner: QueryRunner, statements: string[]): Promise<void> {
  for (const statement of statements) {
    await runner.query(statement);
  }
}

/**
 * Installs a subgraph database's context keys (as its owner): the current one and, while
 * rotating, the previous one; no other key stays valid.
 */
/** The owner-only table of a database's context keys: configuration, not data (never seeded or reset). */
export const DATABASE_CONTEXT_KEYS_TABLE = 'database_context_keys';

export async function installDatabaseContextKeys(
  client: pg.Client,
  subgraph: string,
  keys: { current: Buffer; previous?: Buffer },
): Promise<void> {
  const table = `${ident(subgraph)}.${DATABASE_CONTEXT_KEYS_TABLE}`;
  await client.query(`DELETE FROM ${table}`);
  await client.query(`INSERT INTO ${table} (slot, key) VALUES ('current', $1)`, [keys.current]);
  if (keys.previous && !keys.previous.equals(keys.current)) {
    await client.query(`INSERT INTO ${table} (slot, key) VALUES ('previous', $1)`, [keys.previous]);
  }
}
