import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Migrations and seeds run as this role; it keeps writing every namespace. */
const OWNER = 'hub_cyber_owner';

/** The pushing officer's agency, set transaction-locally by the kit from the gateway's context. */
const CALLER_AGENCY = `current_setting('hub.agency', true)`;

/** The namespace of rows written outside a push (seeds, rows from before this migration). */
const HUB_NAMESPACE = 'HUB';

const PUSHED_TABLES = [
  'chat_rooms',
  'handles',
  'introductions',
  'observations',
  'room_case_links',
] as const;

const UP = PUSHED_TABLES.flatMap((table) => [
  `ALTER TABLE cyber.${table}
     ADD COLUMN pushed_by varchar(32) NOT NULL DEFAULT '${HUB_NAMESPACE}'
       CHECK (btrim(pushed_by) <> '')`,
  `ALTER TABLE cyber.${table} DROP CONSTRAINT ${table}_pushed_once`,
  `ALTER TABLE cyber.${table}
     ADD CONSTRAINT ${table}_pushed_once UNIQUE (pushed_by, source, external_id)`,
  `ALTER TABLE cyber.${table} ENABLE ROW LEVEL SECURITY`,
  `ALTER TABLE cyber.${table} FORCE ROW LEVEL SECURITY`,
  `CREATE POLICY ${table}_owner ON cyber.${table} TO ${OWNER} USING (true) WITH CHECK (true)`,
  `CREATE POLICY ${table}_read ON cyber.${table} FOR SELECT USING (true)`,
  `CREATE POLICY ${table}_push ON cyber.${table} FOR INSERT
     WITH CHECK (pushed_by = ${CALLER_AGENCY})`,
]);

/**
 * Source namespaces belong to the pushing agency (DESIGN §6, subgraphs/cyber/rules.ts): a pushed
 * item is identified by (pushed_by, source, external_id), pushed_by being the pusher's agency
 * from the gateway's context — never from the item. Another agency pushing the same source and
 * externalId makes an item of its own; it can neither squat the namespace nor turn the owner's
 * items into "duplicates". The database itself refuses a runtime insert into another agency's
 * namespace; with no UPDATE or DELETE policy, the runtime role changes no pushed row. Existing
 * rows (the seed's) keep the hub's own namespace, `HUB`.
 */
export class SourceNamespaces1764300710000 implements MigrationInterface {
  name = 'SourceNamespaces1764300710000';

  async up(runner: QueryRunner): Promise<void> {
    for (const statement of UP) {
      await runner.query(statement);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of PUSHED_TABLES) {
      for (const policy of ['owner', 'read', 'push']) {
        await runner.query(`DROP POLICY ${table}_${policy} ON cyber.${table}`);
      }
      await runner.query(`ALTER TABLE cyber.${table} NO FORCE ROW LEVEL SECURITY`);
      await runner.query(`ALTER TABLE cyber.${table} DISABLE ROW LEVEL SECURITY`);
      await runner.query(`ALTER TABLE cyber.${table} DROP CONSTRAINT ${table}_pushed_once`);
      await runner.query(`ALTER TABLE cyber.${table} DROP COLUMN pushed_by`);
      await runner.query(
        `ALTER TABLE cyber.${table} ADD CONSTRAINT ${table}_pushed_once UNIQUE (source, external_id)`,
      );
    }
  }
}
