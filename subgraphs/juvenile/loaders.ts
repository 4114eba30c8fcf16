/**
 * Per-request DataLoaders (made in the context factory, never shared between requests). Each
 * batches one level of a query into one SQL statement, inside the request's transaction, so
 * row-level security sees the caller; an id that cannot name a row resolves to null / [].
 */
import {
  groupedLoader,
  keyedLoader,
  rowsWhereIdIn,
  type Id,
  type RequestScope,
  type SortKey,
  type SubgraphContext,
} from '../kit/index.js';

import { JuvenileRecord } from './entities/juvenile-record.entity.js';
import { SealChange } from './entities/seal-change.entity.js';
import { WelfareReferral } from './entities/welfare-referral.entity.js';

export type { Id };

const NEWEST_OFFENCE_FIRST: readonly SortKey[] = [
  { property: 'offenceDate', direction: 'DESC' },
  { property: 'id', direction: 'DESC' },
];

/** The loaders of one request. */
export function createLoaders(scope: RequestScope) {
  return {
    recordById: keyedLoader<Id, JuvenileRecord>(
      rowsWhereIdIn(scope, JuvenileRecord, 'id', { of: 'JuvenileRecord' }),
      (r) => r.id,
    ),
    recordsByPerson: groupedLoader<Id, JuvenileRecord>(
      rowsWhereIdIn(scope, JuvenileRecord, 'personId', {
        of: 'Person',
        order: NEWEST_OFFENCE_FIRST,
      }),
      (r) => r.personId,
    ),
    sealChangesByRecord: groupedLoader<Id, SealChange>(
      rowsWhereIdIn(scope, SealChange, 'recordId', { of: 'JuvenileRecord' }),
      (c) => c.recordId,
    ),
    referralsByRecord: groupedLoader<Id, WelfareReferral>(
      rowsWhereIdIn(scope, WelfareReferral, 'recordId', { of: 'JuvenileRecord' }),
      (r) => r.recordId,
    ),
  };
}

export type JuvenileLoaders = ReturnType<typeof createLoaders>;

/** What every resolver of this subgraph receives. */
export type JuvenileContext = SubgraphContext<JuvenileLoaders>;
