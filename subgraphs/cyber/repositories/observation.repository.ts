/** A room's observation timeline. */
import type { EntityManager } from 'typeorm';

import { paginate, type Connection, type Page } from '../../kit/index.js';
import { Observation, type ObservationKind } from '../entities/observation.entity.js';

/** Oldest first (a timeline), keyset-paged on (at, id). */
export function listRoomObservations(
  manager: EntityManager,
  roomId: number,
  kind: ObservationKind | null | undefined,
  page: Page,
): Promise<Connection<Observation>> {
  const query = manager
    .getRepository(Observation)
    .createQueryBuilder('o')
    .where('o.room_id = :roomId', { roomId });
  if (kind) {
    query.andWhere('o.kind = :kind', { kind });
  }
  return paginate(query, page, {
    columns: ['o.at', 'o.id'],
    valuesOf: (row) => [row.at.toISOString(), row.id],
    direction: 'ASC',
  });
}
