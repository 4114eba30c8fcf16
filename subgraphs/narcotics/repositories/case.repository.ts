/** Case lists and writes (SQL stays here; resolvers validate and decide). */
import type { EntityManager, SelectQueryBuilder } from 'typeorm';

import {
  likePrefix,
  paginate,
  prefixTsQuery,
  type Connection,
  type Page,
} from '../../kit/index.js';
import { Case, CaseStatus } from '../entities/case.entity.js';
import type { CaseFilterValues } from '../inputs/case-filter.input.js';
import { pointerShows } from '../rules.js';

import { caseInFull } from './identity.sql.js';
import { insertedId } from './record.repository.js';

export { caseInFull };

/**
 * A condition on `field` of case `c`: as is when a pointer shows the field, otherwise only for
 * cases seen in full — so no filter reveals what a pointer withholds (rules.ts decides).
 */
function on(field: string, condition: string): string {
  return pointerShows(field) ? condition : `(${caseInFull('c')} AND ${condition})`;
}

function filteredCases(manager: EntityManager, filter: CaseFilterValues): SelectQueryBuilder<Case> {
  const query = manager.getRepository(Case).createQueryBuilder('c');
  if (filter.province) {
    query.andWhere(on('province', 'c.province = :province'), { province: filter.province });
  }
  if (filter.status) {
    query.andWhere(on('status', 'c.status = :status'), { status: filter.status });
  }
  if (filter.ringId != null) {
    query.andWhere(on('ring', 'c.ring_id = :ringId'), { ringId: filter.ringId });
  }
  if (filter.owningAgency) {
    query.andWhere(on('owningAgency', 'c.owning_agency_code = :agency'), {
      agency: filter.owningAgency,
    });
  }
  if (filter.openedFrom) {
    query.andWhere(on('openedAt', 'c.opened_at >= :openedFrom'), {
      openedFrom: filter.openedFrom,
    });
  }
  if (filter.openedTo) {
    query.andWhere(on('openedAt', 'c.opened_at <= :openedTo'), { openedTo: filter.openedTo });
  }
  if (filter.search) {
    query.andWhere(
      `(${on('title', `to_tsvector('simple', c.title) @@ to_tsquery('simple', :terms)`)}
        OR ${on('caseNumber', 'c.case_number LIKE :numberPrefix')})`,
      {
        terms: prefixTsQuery(filter.search),
        numberPrefix: likePrefix(filter.search.toUpperCase()),
      },
    );
  }
  return query;
}

/**
 * The descending row-value key of rules.ts `compareAsShown` for case `alias`: cases seen in full
 * first by (opened_at, id); then pointers by (case_number, owning_agency_code) bytewise, with
 * constants in place of what a pointer withholds — so a pointer's place says nothing of its
 * opening date.
 */
export function caseSortKey(alias: string): string[] {
  const inFull = caseInFull(alias);
  const when = (full: string, pointer: string) =>
    `CASE WHEN ${inFull} THEN ${full} ELSE ${pointer} END`;
  return [
    when('1', '0'),
    when(`${alias}.opened_at`, `CAST('-infinity' AS timestamptz)`),
    `${when(`''`, `${alias}.case_number`)} COLLATE "C"`,
    `${when(`''`, `${alias}.owning_agency_code`)} COLLATE "C"`,
    when(`${alias}.id`, '0'),
  ];
}

/**
 * Cases in rules.ts order (seen in full newest first, then pointers by number), keyset-paged
 * with cursors that name the row: a pointer's cursor must not carry its opening date.
 */
export function listCases(
  manager: EntityManager,
  filter: CaseFilterValues,
  page: Page,
): Promise<Connection<Case>> {
  return paginate(filteredCases(manager, filter), page, {
    columns: caseSortKey('c'),
    keyOfCursorRow: `SELECT ${caseSortKey('k').join(', ')} FROM narcotics.cases k WHERE k.id = :afterId`,
    direction: 'DESC',
  });
}

/**
 * Opens a case for the caller's agency (the database refuses any other owner), which therefore
 * sees it in full.
 */
export async function insertCase(
  manager: EntityManager,
  values: Omit<Case, 'id' | 'closedAt' | 'status' | 'inFull'>,
): Promise<Case> {
  const row = manager.create(Case, { ...values, status: CaseStatus.OPEN, closedAt: null });
  const result = await manager.insert(Case, row);
  return { ...row, id: insertedId(result), inFull: true };
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
