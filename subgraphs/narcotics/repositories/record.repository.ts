/** Writes of the records that hang off a case: suspects, seizures, arrests. */
import type { EntityManager, InsertResult } from 'typeorm';

import { Arrest } from '../entities/arrest.entity.js';
import { CaseSuspect } from '../entities/case-suspect.entity.js';
import { Seizure } from '../entities/seizure.entity.js';

/** The identity PostgreSQL gave the row just inserted. */
export function insertedId(result: InsertResult): number {
  return Number(result.identifiers[0]?.id);
}

export async function insertSuspect(
  manager: EntityManager,
  values: Omit<CaseSuspect, 'id' | 'addedAt'>,
): Promise<CaseSuspect> {
  const row = manager.create(CaseSuspect, { ...values, addedAt: new Date() });
  return { ...row, id: insertedId(await manager.insert(CaseSuspect, row)) };
}

export async function insertSeizure(
  manager: EntityManager,
  values: Omit<Seizure, 'id'>,
): Promise<Seizure> {
  const row = manager.create(Seizure, values);
  return { ...row, id: insertedId(await manager.insert(Seizure, row)) };
}

export async function insertArrest(
  manager: EntityManager,
  values: Omit<Arrest, 'id'>,
): Promise<Arrest> {
  const row = manager.create(Arrest, values);
  return { ...row, id: insertedId(await manager.insert(Arrest, row)) };
}

export function isSuspect(
  manager: EntityManager,
  caseId: number,
  personId: number,
): Promise<boolean> {
  return manager.existsBy(CaseSuspect, { caseId, personId });
}

export function isArrested(
  manager: EntityManager,
  caseId: number,
  personId: number,
): Promise<boolean> {
  return manager.existsBy(Arrest, { caseId, personId });
}
