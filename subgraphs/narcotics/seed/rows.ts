/** The rows a seed inserts, as plain data (ids already allocated). */
import type { Arrest } from '../entities/arrest.entity.js';
import type { CaseSuspect } from '../entities/case-suspect.entity.js';
import type { Case } from '../entities/case.entity.js';
import type { DrugRing } from '../entities/drug-ring.entity.js';
import type { Lab } from '../entities/lab.entity.js';
import type { Person } from '../entities/person.entity.js';
import type { Seizure } from '../entities/seizure.entity.js';

import type { AgencySeed } from './vocabulary.js';

export type PersonRow = Person;
export type RingRow = DrugRing;
/** A case and the city it is about (used for places of seizures and labs). */
export type CaseRow = Case & { readonly city: string };
export type SuspectRow = Omit<CaseSuspect, 'id'>;
export type SeizureRow = Omit<Seizure, 'id'>;
export type LabRow = Omit<Lab, 'id'>;
export type ArrestRow = Omit<Arrest, 'id'>;

export interface Dataset {
  readonly agencies: readonly AgencySeed[];
  readonly persons: readonly PersonRow[];
  readonly rings: readonly RingRow[];
  readonly cases: readonly CaseRow[];
  readonly suspects: readonly SuspectRow[];
  readonly seizures: readonly SeizureRow[];
  readonly labs: readonly LabRow[];
  readonly arrests: readonly ArrestRow[];
}

/** Database ids handed out before generation, so rows can point at each other. */
export interface AllocatedIds {
  readonly persons: readonly number[];
  readonly rings: readonly number[];
  readonly cases: readonly number[];
}
