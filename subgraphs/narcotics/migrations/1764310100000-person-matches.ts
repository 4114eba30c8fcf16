import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Name and national-id search through their indexes again. Under the runtime role's row-level
 * security the planner may not use an index for a condition whose functions are not leakproof
 * (`to_tsvector`, `@@`), so a name search walked every adult's row. This function finds the
 * matching ids as the owner (whose policy adds no condition), for a caller the gateway vouched
 * for only; the query around it reads the rows under the caller's own row-level security.
 */
export class PersonMatches1764310100000 implements MigrationInterface {
  name = 'PersonMatches1764310100000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE FUNCTION narcotics.persons_matching(p_terms text, p_national_id text)
      RETURNS SETOF integer
      LANGUAGE sql STABLE SECURITY DEFINER ROWS 50
      SET search_path = pg_catalog, narcotics
      AS $$
        SELECT p.id FROM narcotics.persons p
         WHERE (SELECT narcotics.ctx_vouched())
           AND to_tsvector('simple', p.full_name) @@ to_tsquery('simple', p_terms)
        UNION
        SELECT p.id FROM narcotics.persons p
         WHERE (SELECT narcotics.ctx_vouched()) AND p.national_id = p_national_id
      $$`);
    await runner.query(`REVOKE ALL ON FUNCTION narcotics.persons_matching(text, text) FROM PUBLIC`);
    await runner.query(
      `GRANT EXECUTE ON FUNCTION narcotics.persons_matching(text, text) TO hub_narcotics_app`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP FUNCTION narcotics.persons_matching(text, text)`);
  }
}
