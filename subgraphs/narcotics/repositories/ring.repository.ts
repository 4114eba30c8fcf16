/** Ring and lab lists. */
import type { EntityManager } from 'typeorm';

import { paginate, type Connection, type Page } from '../../kit/index.js';
import { DrugRing } from '../entities/drug-ring.entity.js';
import { Lab } from '../entities/lab.entity.js';
import type { LabFilterValues } from '../inputs/lab-filter.input.js';

/** Rings in id order, optionally of one province. */
export function listRings(
  manager: EntityManager,
  province: string | null | undefined,
  page: Page,
): Promise<Connection<DrugRing>> {
  const query = manager.getRepository(DrugRing).createQueryBuilder('r');
  if (province) {
    query.where('r.province = :province', { province });
  }
  return paginate(query, page, {
    columns: ['r.id'],
    valuesOf: (row) => [row.id],
    direction: 'ASC',
  });
}

/** Labs in id order, narrowed by province, ring and whether dismantled. */
export function listLabs(
  manager: EntityManager,
  filter: LabFilterValues,
  page: Page,
): Promise<Connection<Lab>> {
  const query = manager.getRepository(Lab).createQueryBuilder('l');
  if (filter.province) {
    query.andWhere('l.province = :province', { province: filter.province });
  }
  if (filter.ringId != null) {
    query.andWhere('l.ring_id = :ringId', { ringId: filter.ringId });
  }
  if (filter.dismantled != null) {
    query.andWhere('l.dismantled = :dismantled', { dismantled: filter.dismantled });
  }
  return paginate(query, page, {
    columns: ['l.id'],
    valuesOf: (row) => [row.id],
    direction: 'ASC',
  });
}
