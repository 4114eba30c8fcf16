/** Synthetic drug-making plants and seizures. */
import type { Random } from '../../kit/index.js';

import type { CaseRow, LabRow, RingRow, SeizureRow } from './rows.js';
import { addDays, CAMPAIGN_DAYS, CAMPAIGN_END, CAMPAIGN_START, earliest, latest } from './scale.js';
import { CITIES, DRUGS, SEIZURE_PLACES } from './vocabulary.js';

function within(random: Random, row: CaseRow, maxDays: number): Date {
  const at = addDays(row.openedAt, random.next() * maxDays);
  return latest(row.openedAt, earliest(at, row.closedAt ?? CAMPAIGN_END));
}

/** Plants of distinct rings; most found in the course of one of the ring's cases. */
export function makeLabs(
  random: Random,
  count: number,
  rings: readonly RingRow[],
  cases: readonly CaseRow[],
): LabRow[] {
  const owners = random.shuffle([...rings]);
  return Array.from({ length: count }, (_, i) => {
    const ring = owners[i % owners.length] as RingRow;
    const ringCases = cases.filter((row) => row.ringId === ring.id);
    const found = ringCases.length > 0 ? random.pick(ringCases) : undefined;
    return {
      ringId: ring.id,
      caseId: found?.id ?? null,
      province: found?.province ?? ring.province,
      city: found?.city ?? random.pick(CITIES[ring.province] ?? [ring.province]),
      discoveredAt: found
        ? within(random, found, 60)
        : addDays(CAMPAIGN_START, random.next() * CAMPAIGN_DAYS),
      dismantled: random.chance(0.85),
    };
  });
}

/** Grams, log-uniform between 0.2 g and 800 g: many small street seizures, a few large ones. */
function streetGrams(random: Random): number {
  const grams = Math.exp(Math.log(0.2) + random.next() * (Math.log(800) - Math.log(0.2)));
  return Math.round(grams * 1000) / 1000;
}

/**
 * Kilograms at each plant found in a case, street seizures across the cases (ring cases twice
 * as likely), then a top-up of the largest so the total reaches `minTotalGrams`.
 */
export function makeSeizures(
  random: Random,
  count: number,
  minTotalGrams: number,
  cases: readonly CaseRow[],
  labs: readonly LabRow[],
): SeizureRow[] {
  const byId = new Map(cases.map((row) => [row.id, row]));
  const rows: SeizureRow[] = labs.flatMap((lab) => {
    const found = lab.caseId === null ? undefined : byId.get(lab.caseId);
    if (!found) {
      return [];
    }
    return [
      {
        caseId: found.id,
        drugType: random.chance(0.7) ? 'Methamphetamine' : 'Ketamine',
        weightGrams: random.int(4_000, 16_000),
        seizedAt: lab.discoveredAt,
        place: `${lab.city}, drug-making plant`,
        province: lab.province,
      },
    ];
  });
  const weighted = cases.flatMap((row) => (row.ringId === null ? [row] : [row, row]));
  for (let i = 0; i < count; i += 1) {
    const row = random.pick(weighted);
    rows.push({
      caseId: row.id,
      drugType: random.weighted(DRUGS),
      weightGrams: streetGrams(random),
      seizedAt: within(random, row, 45),
      place: `${row.city}, ${random.pick(SEIZURE_PLACES)}`,
      province: row.province,
    });
  }
  const total = rows.reduce((sum, row) => sum + row.weightGrams, 0);
  const largest = rows.reduce<SeizureRow | undefined>(
    (max, row) => (max && max.weightGrams >= row.weightGrams ? max : row),
    undefined,
  );
  if (largest && total < minTotalGrams) {
    largest.weightGrams = Math.ceil(largest.weightGrams + minTotalGrams - total);
  }
  return rows;
}
