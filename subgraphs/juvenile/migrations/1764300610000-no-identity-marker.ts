import type { MigrationInterface, QueryRunner } from 'typeorm';

const APP = 'hub_juvenile_app';

/**
 * Minors' identity is masked by age alone, in the narcotics subgraph (DESIGN §6): the marker
 * that weighed sealed records for every caller goes, and with it the only reason any caller but
 * a juvenile reader could learn something of this database.
 */
export class NoIdentityMarker1764300610000 implements MigrationInterface {
  name = 'NoIdentityMarker1764300610000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('DROP FUNCTION juvenile.identity_protected(integer[])');
  }

  /** Restores the function exactly as migration 1764300200000 made it. */
  async down(runner: QueryRunner): Promise<void> {
    await runner.query(
      `CREATE FUNCTION juvenile.identity_protected(p_person_ids integer[])
         RETURNS TABLE (person integer, protected boolean)
         LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
           SELECT ids.person_id, EXISTS (
                    SELECT 1 FROM juvenile.juvenile_records r
                     WHERE r.person_id = ids.person_id
                       AND (r.sealed OR r.date_of_birth > (current_date - interval '18 years')::date))
             FROM unnest(p_person_ids) AS ids (person_id)
         $$`,
    );
    await runner.query(
      'REVOKE EXECUTE ON FUNCTION juvenile.identity_protected(integer[]) FROM PUBLIC',
    );
    await runner.query(
      `GRANT EXECUTE ON FUNCTION juvenile.identity_protected(integer[]) TO ${APP}`,
    );
  }
}
