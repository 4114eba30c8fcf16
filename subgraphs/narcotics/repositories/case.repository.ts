/** Case lists and writes (SQL stays here; resolvers validate and decide). */
import type { EntityManager, SelectQueryBuilder } from 'typeorm';

import { paginate, type Connection } from '../../kit/index.js';
import { Case, CaseStatus } from '../entities/case.entity.js';
import type { CaseFilterValues } from '../inputs/case-filter.input.js';

import { insertedId } from './record.repository.js';
import { likePrefix, prefixTsQuery } from './search.js';

function filteredCases(manager: EntityManager, filter: CaseFilterValues): SelectQueryBuilder<Case> {
  const query = manager.getRepository(Case).createQueryBuilder('c');
  if (filter.province) {
    query.andWhere('c.province = :province', { province: filter.province });
  }
  if (filter.status) {
    query.andWhere('c.status = :status', { status: filter.status });
  }
  if (filter.ringId != null) {
    query.andWhere('c.ring_id = :ringId', { ringId: filter.ringId });
  }
  if (filter.owningAgency) {
    query.andWhere('c.owning_agency_code = :agency', { agency: filter.owningAgency });
  }
  if (filter.openedFrom) {
    query.andWhere('c.opened_at >= :openedFrom', { openedFrom: filter.openedFrom });
  }
  if (filter.openedTo) {
    query.andWhere('c.opened_at <= :openedTo', { openedTo: filter.openedTo });
  }
  if (filter.search) {
    query.andWhere(
      `(to_tsvector('simple', c.title) @@ to_tsquery('simple', :terms)
        OR c.case_number LIKE :numberPrefix)`,
      {
        terms: prefixTsQuery(filter.search),
        numberPrefix: likePrefix(filter.search.toUpperCase()),
      },
    );
  }
  return query;
}

/** Newest cases first, keyset-paged on (opened_at, id). */
export function listCases(
  manager: EntityManager,
  filter: CaseFilterValues,
  page: { first?: number | null; after?: string | null },
): Promise<Connection<Case>> {
  return paginate(filteredCases(manager, filter), page, {
    columns: ['c.opened_at', 'c.id'],
    valuesOf: (row) => [row.openedAt.toISOString(), row.id],
    direction: 'DESC',
  });
}

export async function insertCase(
  manager: EntityManager,
  values: Omit<Case, 'id' | 'closedAt' | 'status'>,
): Promise<Case> {
  const row = manager.create(Case, { ...values, status: CaseStatus.OPEN, closedAt: null });
  const result = await manager.insert(Case, row);
  return { ...row, id: insertedId(result) };
}

/** Sets the status; closing stamps the time once, reopening clears it. */
export async function updateCaseStatus(
  manager: EntityManager,
  existing: Case,
  status: CaseStatus,
): Promise<Case> {
  const closedAt =
    status === CaseStatus.CLOSED
      ? (existing.closedAt ?? new Date(Math.max(Date.now(), existing.openedAt.getTime())))
      : null;
  await manager.update(Case, { id: existing.id }, { status, closedAt });
  return { ...existing, status, closedAt };
}
