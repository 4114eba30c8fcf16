/** Writing a generated dataset, table by table in dependency order. */
import type { EntityManager } from 'typeorm';

import type { SeedSummary } from '../../kit/index.js';

import { insertRows, type ColumnSpec } from './insert.js';
import type {
  ArrestRow,
  CaseRow,
  Dataset,
  LabRow,
  PersonRow,
  RingRow,
  SeizureRow,
  SuspectRow,
} from './rows.js';
import type { AgencySeed } from './vocabulary.js';

const AGENCY: ColumnSpec<AgencySeed>[] = [
  { name: 'code', type: 'text', value: (r) => r.code },
  { name: 'name', type: 'text', value: (r) => r.name },
  { name: 'province', type: 'text', value: (r) => r.province },
  {
    name: 'contact',
    type: 'text',
    value: (r) => `Narcotics duty desk <duty@${r.code.toLowerCase()}.example>`,
  },
];

const PERSON: ColumnSpec<PersonRow>[] = [
  { name: 'id', type: 'integer', value: (r) => r.id },
  { name: 'full_name', type: 'text', value: (r) => r.fullName },
  { name: 'gender', type: 'text', value: (r) => r.gender },
  { name: 'date_of_birth', type: 'date', value: (r) => r.dateOfBirth },
  { name: 'national_id', type: 'text', value: (r) => r.nationalId },
];

const RING: ColumnSpec<RingRow>[] = [
  { name: 'id', type: 'integer', value: (r) => r.id },
  { name: 'name', type: 'text', value: (r) => r.name },
  { name: 'province', type: 'text', value: (r) => r.province },
  { name: 'notes', type: 'text', value: (r) => r.notes },
];

const CASE: ColumnSpec<CaseRow>[] = [
  { name: 'id', type: 'integer', value: (r) => r.id },
  { name: 'case_number', type: 'text', value: (r) => r.caseNumber },
  { name: 'title', type: 'text', value: (r) => r.title },
  { name: 'status', type: 'text', value: (r) => r.status },
  { name: 'province', type: 'text', value: (r) => r.province },
  { name: 'dissemination', type: 'text', value: (r) => r.dissemination },
  { name: 'owning_agency_code', type: 'text', value: (r) => r.owningAgencyCode },
  { name: 'ring_id', type: 'integer', value: (r) => r.ringId },
  { name: 'opened_at', type: 'timestamptz', value: (r) => r.openedAt },
  { name: 'closed_at', type: 'timestamptz', value: (r) => r.closedAt },
];

const SUSPECT: ColumnSpec<SuspectRow>[] = [
  { name: 'case_id', type: 'integer', value: (r) => r.caseId },
  { name: 'person_id', type: 'integer', value: (r) => r.personId },
  { name: 'role', type: 'text', value: (r) => r.role },
  { name: 'added_at', type: 'timestamptz', value: (r) => r.addedAt },
];

const SEIZURE: ColumnSpec<SeizureRow>[] = [
  { name: 'case_id', type: 'integer', value: (r) => r.caseId },
  { name: 'drug_type', type: 'text', value: (r) => r.drugType },
  { name: 'weight_grams', type: 'numeric', value: (r) => r.weightGrams },
  { name: 'seized_at', type: 'timestamptz', value: (r) => r.seizedAt },
  { name: 'place', type: 'text', value: (r) => r.place },
  { name: 'province', type: 'text', value: (r) => r.province },
];

const LAB: ColumnSpec<LabRow>[] = [
  { name: 'ring_id', type: 'integer', value: (r) => r.ringId },
  { name: 'case_id', type: 'integer', value: (r) => r.caseId },
  { name: 'province', type: 'text', value: (r) => r.province },
  { name: 'city', type: 'text', value: (r) => r.city },
  { name: 'discovered_at', type: 'timestamptz', value: (r) => r.discoveredAt },
  { name: 'dismantled', type: 'boolean', value: (r) => r.dismantled },
];

const ARREST: ColumnSpec<ArrestRow>[] = [
  { name: 'case_id', type: 'integer', value: (r) => r.caseId },
  { name: 'person_id', type: 'integer', value: (r) => r.personId },
  { name: 'arrested_at', type: 'timestamptz', value: (r) => r.arrestedAt },
  { name: 'province', type: 'text', value: (r) => r.province },
  { name: 'arresting_agency_code', type: 'text', value: (r) => r.arrestingAgencyCode },
];

/** Inserts every table of `data`; returns rows inserted per table. */
export async function saveDataset(manager: EntityManager, data: Dataset): Promise<SeedSummary> {
  return {
    agencies: await insertRows(
      manager,
      'agencies',
      AGENCY,
      data.agencies,
      'ON CONFLICT DO NOTHING',
    ),
    persons: await insertRows(manager, 'persons', PERSON, data.persons),
    drug_rings: await insertRows(manager, 'drug_rings', RING, data.rings),
    cases: await insertRows(manager, 'cases', CASE, data.cases),
    case_suspects: await insertRows(manager, 'case_suspects', SUSPECT, data.suspects),
    labs: await insertRows(manager, 'labs', LAB, data.labs),
    seizures: await insertRows(manager, 'seizures', SEIZURE, data.seizures),
    arrests: await insertRows(manager, 'arrests', ARREST, data.arrests),
  };
}
