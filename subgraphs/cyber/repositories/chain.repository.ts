/** Walking the introduction graph with recursive SQL: bounded depth, cycles cut by path. */
import type { EntityManager } from 'typeorm';

import { ChainDirection, Introduction } from '../entities/introduction.entity.js';

/** Most links one direction of a chain returns (a guard against very dense graphs). */
export const MAX_CHAIN_LINKS = 2000;
/** The most introductions a chain answers: as many up as down. */
export const MAX_CHAIN_RESULT = 2 * MAX_CHAIN_LINKS;

/*
 * `path` holds the handles already on the walk; an introduction that leads back onto it is
 * returned (flagged closes_cycle) but never followed, so every walk ends. PostgreSQL evaluates
 * a recursive CTE only as far as its reader fetches, so the LIMIT also stops the walk itself.
 * An introduction reached by several paths is reported once, at its smallest depth.
 */
const CHAIN_SQL = `
WITH RECURSIVE
up (id, next_id, depth, path, closes_cycle) AS (
    SELECT i.id, i.introducer_id, 1, ARRAY[i.newcomer_id, i.introducer_id], false
    FROM cyber.introductions i
    WHERE i.newcomer_id = $1
  UNION ALL
    SELECT i.id, i.introducer_id, up.depth + 1, up.path || i.introducer_id,
           i.introducer_id = ANY (up.path)
    FROM up JOIN cyber.introductions i ON i.newcomer_id = up.next_id
    WHERE NOT up.closes_cycle AND up.depth < $2
),
down (id, next_id, depth, path, closes_cycle) AS (
    SELECT i.id, i.newcomer_id, 1, ARRAY[i.introducer_id, i.newcomer_id], false
    FROM cyber.introductions i
    WHERE i.introducer_id = $1
  UNION ALL
    SELECT i.id, i.newcomer_id, down.depth + 1, down.path || i.newcomer_id,
           i.newcomer_id = ANY (down.path)
    FROM down JOIN cyber.introductions i ON i.introducer_id = down.next_id
    WHERE NOT down.closes_cycle AND down.depth < $2
),
walked AS (
    (SELECT 'UP' AS direction, id, depth, closes_cycle FROM up LIMIT $3)
  UNION ALL
    (SELECT 'DOWN', id, depth, closes_cycle FROM down LIMIT $3)
),
links AS (
  SELECT DISTINCT ON (direction, id) direction, id, depth, closes_cycle
  FROM walked
  ORDER BY direction, id, depth, closes_cycle
)
SELECT l.direction, l.depth, l.closes_cycle, i.id, i.source, i.external_id, i.introducer_id,
       i.newcomer_id, i.room_id, i.at
FROM links l JOIN cyber.introductions i ON i.id = l.id
ORDER BY l.direction = 'DOWN', l.depth, i.at, i.id`;

interface ChainRow {
  direction: ChainDirection;
  depth: number;
  closes_cycle: boolean;
  id: number;
  source: string;
  external_id: string;
  introducer_id: number;
  newcomer_id: number;
  room_id: number;
  at: Date;
}

/** Introductions up (who introduced the handle, …) and down (whom it introduced, …). */
export async function introductionChain(
  manager: EntityManager,
  handleId: number,
  depth: number,
): Promise<Introduction[]> {
  const rows: ChainRow[] = await manager.query(CHAIN_SQL, [handleId, depth, MAX_CHAIN_LINKS]);
  return rows.map((row) =>
    Object.assign(new Introduction(), {
      id: row.id,
      source: row.source,
      externalId: row.external_id,
      introducerId: row.introducer_id,
      newcomerId: row.newcomer_id,
      roomId: row.room_id,
      at: row.at,
      depth: row.depth,
      direction: row.direction,
      closesCycle: row.closes_cycle,
    }),
  );
}
