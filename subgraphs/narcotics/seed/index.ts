/**
 * Deterministic synthetic data (DESIGN §10): a fixed-seed PRNG, made-up people, the campaign's
 * scale in the `article` profile. Idempotent: when any case exists, nothing is inserted.
 */
import type { EntityManager } from 'typeorm';

import { isSeeded, Random, type SeedProfile, type SeedSummary } from '../../kit/index.js';

import { makeCases, makeRings } from './cases.js';
import { makeLabs, makeSeizures } from './evidence.js';
import { allocateIds } from './insert.js';
import { assignCases, makeArrests, makePersons, makeSuspects } from './people.js';
import type { AllocatedIds, Dataset } from './rows.js';
import { saveDataset } from './save.js';
import { SCALES } from './scale.js';
import { AGENCIES } from './vocabulary.js';

/** Every row of a profile, generated in memory from its fixed seed. */
export function generateDataset(profile: SeedProfile, ids: AllocatedIds): Dataset {
  const scale = SCALES[profile];
  const random = new Random(scale.seed);
  const agencies = AGENCIES.slice(0, scale.agencies);
  const rings = makeRings(random, ids.rings, agencies);
  const cases = makeCases(random, ids.cases, agencies, rings);
  const caseIndexOf = assignCases(random, ids.persons.length, cases, scale.firstCaseSuspects);
  const provinces = agencies.map((agency) => agency.province);
  const persons = makePersons(random, profile, ids.persons, (i) =>
    provinces.indexOf(cases[caseIndexOf[i] ?? 0]?.province ?? 'GS'),
  );
  const suspects = makeSuspects(random, persons, caseIndexOf, cases);
  const byId = new Map(cases.map((row) => [row.id, row]));
  const arrests = makeArrests(
    random,
    suspects,
    scale.arrested,
    scale.firstCaseSuspects,
    byId,
    agencies,
  );
  const labs = makeLabs(random, scale.labs, rings, cases);
  const seizures = makeSeizures(random, scale.streetSeizures, scale.minTotalGrams, cases, labs);
  return { agencies, persons, rings, cases, suspects, seizures, labs, arrests };
}

export async function seedNarcotics(
  manager: EntityManager,
  profile: SeedProfile,
): Promise<SeedSummary> {
  if (await isSeeded(manager, 'narcotics.cases')) {
    return {};
  }
  const scale = SCALES[profile];
  const ids: AllocatedIds = {
    persons: await allocateIds(manager, 'persons', scale.persons),
    rings: await allocateIds(manager, 'drug_rings', scale.rings),
    cases: await allocateIds(manager, 'cases', scale.cases),
  };
  return saveDataset(manager, generateDataset(profile, ids));
}
