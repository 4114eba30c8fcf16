import type { MigrationInterface, QueryRunner } from 'typeorm';

import { databaseContextV1, gateV1, pgcryptoSchema, runStatements } from '../../kit/index.js';

/** The pusher's agency as the gateway vouched for it: once per statement (an InitPlan). */
const CALLER_AGENCY = `(SELECT cyber.ctx_agency())`;

const PUSHED_TABLES = [
  'chat_rooms',
  'handles',
  'introductions',
  'observations',
  'room_case_links',
] as const;

/** The namespace rule of migration 1764300710000, now fed by the verified context. */
const RULES = PUSHED_TABLES.flatMap((table) => [
  `DROP POLICY ${table}_push ON cyber.${table}`,
  `CREATE POLICY ${table}_push ON cyber.${table} FOR INSERT
     WITH CHECK (pushed_by = ${CALLER_AGENCY})`,
]);

/**
 * The caller reaches the cyber database only as the gateway vouched for it (the database
 * context, subgraphs/kit/database-context.ts): a push writes only the verified agency's
 * namespace, and every table refuses rows to a session without a vouched caller and writes to
 * one without `cyber:write` — whatever `hub.*` settings it sets itself.
 */
export class DatabaseContext1764310000000 implements MigrationInterface {
  name = 'DatabaseContext1764310000000';

  async up(runner: QueryRunner): Promise<void> {
    await runStatements(runner, [
      ...databaseContextV1('cyber', await pgcryptoSchema(runner)),
      ...RULES,
      ...gateV1('cyber', { ruled: PUSHED_TABLES, open: ['platforms'] }),
    ]);
  }

  async down(): Promise<void> {
    throw new Error('not reversible: going back would trust settings any session sets');
  }
}
