/**
 * Per-request DataLoaders (made in the context factory, never shared between requests). Each
 * batches one level of a query into one SQL statement; keys may be GraphQL ids (strings) or
 * database ids, and an id that cannot name a row resolves to null / [].
 */
import type DataLoader from 'dataloader';
import type { EntityTarget, ObjectLiteral } from 'typeorm';

import {
  groupedLoader,
  integerIds,
  keyedLoader,
  rowsWhereIdIn,
  type Id,
  type RequestScope,
  type SortKey,
  type SubgraphContext,
} from '../kit/index.js';

import { Agency } from './entities/agency.entity.js';
import { Arrest } from './entities/arrest.entity.js';
import { CaseSuspect } from './entities/case-suspect.entity.js';
import { Case } from './entities/case.entity.js';
import { DrugRing } from './entities/drug-ring.entity.js';
import { Lab } from './entities/lab.entity.js';
import { Person } from './entities/person.entity.js';
import { Seizure } from './entities/seizure.entity.js';
import { caseInFull } from './repositories/case.repository.js';
import { pointerShows } from './rules.js';

export type { Id };

const NEWEST_FIRST: readonly SortKey[] = [
  { property: 'openedAt', direction: 'DESC' },
  { property: 'id', direction: 'DESC' },
];

/** The same for a text key (agency codes, case numbers). */
function rowsWhereTextIn<E extends ObjectLiteral>(
  scope: RequestScope,
  entity: EntityTarget<E>,
  property: string,
) {
  return async (keys: readonly string[]): Promise<E[]> => {
    const manager = await scope.manager();
    return manager
      .getRepository(entity)
      .createQueryBuilder('row')
      .where(`row.${property} = ANY(CAST(:keys AS text[]))`, { keys: [...keys] })
      .getMany();
  };
}

type Loader<V> = DataLoader<Id, V | null, string>;

/**
 * Cases by id with their owning agencies in the same statement: every case shows its agency
 * (a pointer too), so the agency comes along and primes `agencyByCode` — one round trip less.
 */
function casesWithAgencies(
  scope: RequestScope,
  agencyByCode: DataLoader<string, Agency | null, string>,
) {
  return async (keys: readonly Id[]): Promise<Case[]> => {
    const ids = integerIds('Case', keys);
    if (ids.length === 0) {
      return [];
    }
    const manager = await scope.manager();
    const rows = await manager
      .getRepository(Case)
      .createQueryBuilder('row')
      .leftJoinAndMapOne('row.agency', Agency, 'agency', 'agency.code = row.owningAgencyCode')
      .where('row.id = ANY(CAST(:ids AS integer[]))', { ids })
      .getMany();
    for (const row of rows as (Case & { agency?: Agency })[]) {
      if (row.agency) {
        agencyByCode.prime(row.agency.code, row.agency);
      }
    }
    return rows;
  };
}

/**
 * A case's suspects with their persons in the same statement (with the database's identity
 * verdict, as `personById` reads it): a suspect list is always followed by its persons, so they
 * come along and prime `personById` — one round trip less, and no person read twice.
 */
function suspectsWithPersons(scope: RequestScope, personById: Loader<Person>) {
  return async (keys: readonly Id[]): Promise<CaseSuspect[]> => {
    const ids = integerIds('Case', keys);
    if (ids.length === 0) {
      return [];
    }
    const manager = await scope.manager();
    const rows = await manager
      .getRepository(CaseSuspect)
      .createQueryBuilder('row')
      .leftJoinAndMapOne('row.person', Person, 'person', 'person.id = row.personId')
      .where('row.caseId = ANY(CAST(:ids AS integer[]))', { ids })
      .orderBy('row.id', 'ASC')
      .getMany();
    for (const row of rows as (CaseSuspect & { person?: Person })[]) {
      if (row.person) {
        personById.prime(row.person.id, row.person);
      }
    }
    return rows;
  };
}

/** The loaders of one request. */
export function createLoaders(scope: RequestScope) {
  const agencyByCode = keyedLoader<string, Agency>(
    rowsWhereTextIn(scope, Agency, 'code'),
    (agency) => agency.code,
  );
  const personById = keyedLoader<Id, Person>(
    rowsWhereIdIn(scope, Person, 'id', { of: 'Person' }),
    (p) => p.id,
  );
  return {
    agencyByCode,
    personById,
    ...caseLoaders(scope, agencyByCode, personById),
    ...activityLoaders(scope),
  };
}

/** Cases by id, number and ring, and their suspects (each case with its agency, each suspect with its person). */
function caseLoaders(
  scope: RequestScope,
  agencyByCode: DataLoader<string, Agency | null, string>,
  personById: Loader<Person>,
) {
  return {
    caseById: keyedLoader<Id, Case>(casesWithAgencies(scope, agencyByCode), (c) => c.id, {
      of: 'Case',
    }),
    // Numbers are unique per owning agency: one number may name cases of several agencies.
    casesByNumber: groupedLoader<string, Case>(
      rowsWhereTextIn(scope, Case, 'caseNumber'),
      (c) => c.caseNumber,
    ),
    // A case's ring is withheld from a pointer, so a ring lists only cases seen in full.
    casesByRing: groupedLoader<Id, Case>(
      rowsWhereIdIn(scope, Case, 'ringId', {
        of: 'DrugRing',
        order: NEWEST_FIRST,
        also: pointerShows('ring') ? undefined : caseInFull('row'),
      }),
      (c) => c.ringId ?? 0,
    ),
    suspectsByCase: groupedLoader<Id, CaseSuspect>(
      suspectsWithPersons(scope, personById),
      (s) => s.caseId,
      { of: 'Case' },
    ),
    suspectsByPerson: groupedLoader<Id, CaseSuspect>(
      rowsWhereIdIn(scope, CaseSuspect, 'personId', { of: 'Person' }),
      (s) => s.personId,
    ),
  };
}

/** What cases record: seizures, arrests, labs and the rings labs belong to. */
function activityLoaders(scope: RequestScope) {
  return {
    ringById: keyedLoader<Id, DrugRing>(
      rowsWhereIdIn(scope, DrugRing, 'id', { of: 'DrugRing' }),
      (r) => r.id,
    ),
    seizuresByCase: groupedLoader<Id, Seizure>(
      rowsWhereIdIn(scope, Seizure, 'caseId', { of: 'Case' }),
      (s) => s.caseId,
    ),
    arrestsByCase: groupedLoader<Id, Arrest>(
      rowsWhereIdIn(scope, Arrest, 'caseId', { of: 'Case' }),
      (a) => a.caseId,
    ),
    arrestsByPerson: groupedLoader<Id, Arrest>(
      rowsWhereIdIn(scope, Arrest, 'personId', { of: 'Person' }),
      (a) => a.personId,
    ),
    labsByCase: groupedLoader<Id, Lab>(
      rowsWhereIdIn(scope, Lab, 'caseId', { of: 'Case' }),
      (l) => l.caseId ?? 0,
    ),
    labsByRing: groupedLoader<Id, Lab>(
      rowsWhereIdIn(scope, Lab, 'ringId', { of: 'DrugRing' }),
      (l) => l.ringId,
    ),
  };
}

export type NarcoticsLoaders = ReturnType<typeof createLoaders>;

/** What every resolver of this subgraph receives. */
export type NarcoticsContext = SubgraphContext<NarcoticsLoaders>;
