/**
 * Per-request DataLoaders (made in the context factory, never shared between requests). Each
 * batches one level of a query into one SQL statement, inside the request's transaction, so
 * row-level security sees the caller; an id that cannot name a row resolves to null / [].
 */
import type { EntityTarget, ObjectLiteral } from 'typeorm';

import {
  groupedLoader,
  integerId,
  keyedLoader,
  type RequestScope,
  type SubgraphContext,
} from '../kit/index.js';

import { JuvenileRecord } from './entities/juvenile-record.entity.js';
import { SealChange } from './entities/seal-change.entity.js';
import { WelfareReferral } from './entities/welfare-referral.entity.js';
import { identityProtection, type IdentityProtection } from './repositories/marker.repository.js';

export type Id = string | number;

interface Order {
  readonly property: string;
  readonly direction: 'ASC' | 'DESC';
}
const BY_ID: readonly Order[] = [{ property: 'id', direction: 'ASC' }];
const NEWEST_OFFENCE_FIRST: readonly Order[] = [
  { property: 'offenceDate', direction: 'DESC' },
  { property: 'id', direction: 'DESC' },
];

function integerIds(keys: readonly Id[]): number[] {
  return keys.map(integerId).filter((id): id is number => id !== undefined);
}

/** `SELECT … WHERE <property> = ANY($ids) ORDER BY …`: one statement for a whole batch. */
function rowsWhereIdIn<E extends ObjectLiteral>(
  scope: RequestScope,
  entity: EntityTarget<E>,
  property: string,
  order: readonly Order[] = BY_ID,
) {
  return async (keys: readonly Id[]): Promise<E[]> => {
    const ids = integerIds(keys);
    if (ids.length === 0) {
      return [];
    }
    const manager = await scope.manager();
    const query = manager
      .getRepository(entity)
      .createQueryBuilder('row')
      .where(`row.${property} = ANY(CAST(:ids AS integer[]))`, { ids });
    order.forEach(({ property: column, direction }) => {
      query.addOrderBy(`row.${column}`, direction);
    });
    return query.getMany();
  };
}

/** The loaders of one request. */
export function createLoaders(scope: RequestScope) {
  return {
    recordById: keyedLoader<Id, JuvenileRecord>(
      rowsWhereIdIn(scope, JuvenileRecord, 'id'),
      (r) => r.id,
    ),
    recordsByPerson: groupedLoader<Id, JuvenileRecord>(
      rowsWhereIdIn(scope, JuvenileRecord, 'personId', NEWEST_OFFENCE_FIRST),
      (r) => r.personId,
    ),
    sealChangesByRecord: groupedLoader<Id, SealChange>(
      rowsWhereIdIn(scope, SealChange, 'recordId'),
      (c) => c.recordId,
    ),
    referralsByRecord: groupedLoader<Id, WelfareReferral>(
      rowsWhereIdIn(scope, WelfareReferral, 'recordId'),
      (r) => r.recordId,
    ),
    identityProtection: keyedLoader<Id, IdentityProtection>(
      async (keys) => identityProtection(await scope.manager(), integerIds(keys)),
      (p) => p.person,
    ),
  };
}

export type JuvenileLoaders = ReturnType<typeof createLoaders>;

/** What every resolver of this subgraph receives. */
export type JuvenileContext = SubgraphContext<JuvenileLoaders>;
