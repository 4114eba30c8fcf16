/** Chat room lists and activity counts (SQL stays here; resolvers validate and decide). */
import type { EntityManager, SelectQueryBuilder } from 'typeorm';

import { paginate, type Connection, type Page } from '../../kit/index.js';
import { prefixTsQuery } from '../../kit/index.js';
import { ChatRoom } from '../entities/chat-room.entity.js';
import { Observation, type ObservationKind } from '../entities/observation.entity.js';
import type { ChatRoomFilterValues } from '../inputs/chat-room-filter.input.js';

/** Active windows and hours of day are China Standard Time (one zone nationwide, no DST). */
export const CHINA_TIME_ZONE = 'Asia/Shanghai';

/** Rooms matching a filter, as alias `r`; each condition has an index behind it. */
export function filteredRooms(
  manager: EntityManager,
  filter: ChatRoomFilterValues,
): SelectQueryBuilder<ChatRoom> {
  const query = manager.getRepository(ChatRoom).createQueryBuilder('r');
  if (filter.city) {
    query.andWhere('lower(r.city) = lower(:city)', { city: filter.city });
  }
  if (filter.platform) {
    query.andWhere('r.platform_code = :platform', { platform: filter.platform });
  }
  if (filter.minMembers != null) {
    query.andWhere('r.member_count >= :minMembers', { minMembers: filter.minMembers });
  }
  if (filter.maxMembers != null) {
    query.andWhere('r.member_count <= :maxMembers', { maxMembers: filter.maxMembers });
  }
  if (filter.activeAt != null) {
    // The stored active_hours already unrolls windows that cross midnight (see the migration).
    query.andWhere('r.active_hours @> ARRAY[CAST(:hour AS smallint)]', { hour: filter.activeAt });
  }
  if (filter.search) {
    query.andWhere(
      `(to_tsvector('simple', r.title) @@ to_tsquery('simple', :terms)
        OR r.external_room_id = :search)`,
      { terms: prefixTsQuery(filter.search), search: filter.search },
    );
  }
  return query;
}

/** Most recently seen rooms first, keyset-paged on (last_seen, id). */
export function listRooms(
  manager: EntityManager,
  filter: ChatRoomFilterValues,
  page: Page,
): Promise<Connection<ChatRoom>> {
  return paginate(filteredRooms(manager, filter), page, {
    columns: ['r.last_seen', 'r.id'],
    valuesOf: (row) => [row.lastSeen.toISOString(), row.id],
    direction: 'DESC',
  });
}

/** Observations in the filtered rooms per hour of day; all 24 hours, zeros included. */
export const HOURS_OF_DAY = 24;

export async function activityByHour(
  manager: EntityManager,
  filter: ChatRoomFilterValues,
  kind: ObservationKind | null | undefined,
): Promise<{ hour: number; observations: number }[]> {
  const query = filteredRooms(manager, filter)
    .innerJoin(Observation, 'o', 'o.room_id = r.id')
    .select(`CAST(extract(hour FROM o.at AT TIME ZONE '${CHINA_TIME_ZONE}') AS integer)`, 'hour')
    .addSelect('CAST(count(*) AS integer)', 'observations')
    .groupBy('1');
  if (kind) {
    query.andWhere('o.kind = :kind', { kind });
  }
  const rows = await query.getRawMany<{ hour: number; observations: number }>();
  const counts = new Map(rows.map((row) => [Number(row.hour), Number(row.observations)]));
  return Array.from({ length: HOURS_OF_DAY }, (_, hour) => ({
    hour,
    observations: counts.get(hour) ?? 0,
  }));
}
