/** Synthetic rings and cases. */
import { Random } from '../../kit/index.js';
import { CaseStatus, Dissemination } from '../entities/case.entity.js';
import { assignedCaseNumber } from '../rules.js';

import type { CaseRow, RingRow } from './rows.js';
import { addDays, CAMPAIGN_DAYS, CAMPAIGN_END, CAMPAIGN_START, DAY_MS, earliest } from './scale.js';
import { CASE_TITLES, CITIES, DRUGS, RING_WORDS, type AgencySeed } from './vocabulary.js';

const RING_NOTES = [
  'Sells through invite-only video chat rooms; newcomers must be introduced.',
  'Runs drug-taking rooms of about ten members, active 21:00-04:00.',
  'Supplies street sellers through express delivery.',
  'Recruits teenagers through livestream platforms.',
] as const;

function citiesOf(province: string): readonly string[] {
  return CITIES[province] ?? [province];
}

/** Rings, the first in Gansu and the second in Shaanxi, the rest spread over the provinces. */
export function makeRings(
  random: Random,
  ids: readonly number[],
  agencies: readonly AgencySeed[],
): RingRow[] {
  const provinces = [...new Set(agencies.map((agency) => agency.province))];
  const names = new Set<string>();
  return ids.map((id, i) => {
    const province = i === 0 ? 'GS' : i === 1 ? 'SN' : random.pick(provinces);
    let name: string;
    do {
      const adjective = random.pick(RING_WORDS.adjectives);
      const noun = random.pick(RING_WORDS.nouns);
      name = `${adjective} ${noun} Ring (${random.pick(citiesOf(province))})`;
    } while (names.has(name));
    names.add(name);
    return { id, name, province, notes: random.pick(RING_NOTES) };
  });
}

function statusOf(random: Random, openedAt: Date): CaseStatus {
  const age = (CAMPAIGN_END.getTime() - openedAt.getTime()) / (CAMPAIGN_DAYS * DAY_MS);
  if (random.chance(0.6 * age)) {
    return CaseStatus.CLOSED;
  }
  return random.chance(0.55) ? CaseStatus.UNDER_INVESTIGATION : CaseStatus.OPEN;
}

/** Seed of the case-number draws: a stream of its own, so numbering changes no other data. */
const NUMBER_SEED = 0x6e756d;

/**
 * Case numbers that are never sequential (rules.ts `assignedCaseNumber`): gaps between the
 * numbers a caller sees must not count the cases they may not see. Distinct across agencies too
 * (unique per agency is all the schema asks), so demo numbers name one case each. The first case
 * keeps the well-known ND-2026-0001 that demos start from (it is GREEN: nothing to hide).
 */
function caseNumbering(): () => string {
  const random = new Random(NUMBER_SEED);
  const used = new Set<string>();
  return () => {
    let caseNumber = 'ND-2026-0001';
    while (used.has(caseNumber)) {
      caseNumber = assignedCaseNumber(2026, () => random.int(0, 999_999));
    }
    used.add(caseNumber);
    return caseNumber;
  };
}

/**
 * Cases opened across the campaign, in id order. ND-2026-0001 (Lanzhou, GREEN) and the second
 * case (Xi'an) come first; most cases are about a ring of their own province.
 */
export function makeCases(
  random: Random,
  ids: readonly number[],
  agencies: readonly AgencySeed[],
  rings: readonly RingRow[],
): CaseRow[] {
  const nextNumber = caseNumbering();
  return ids.map((id, i) => {
    const agency = i < 2 ? (agencies[i] as AgencySeed) : random.pick(agencies);
    const city = i < 2 ? agency.city : random.pick(citiesOf(agency.province));
    const local = rings.filter((ring) => ring.province === agency.province);
    const ring =
      i === 0
        ? rings[0]
        : random.chance(0.8)
          ? random.pick(local.length ? local : rings)
          : undefined;
    const offsetDays = (i / ids.length) * CAMPAIGN_DAYS + random.next() * 3;
    const openedAt = new Date(CAMPAIGN_START.getTime() + Math.round(offsetDays * DAY_MS));
    const status = i === 0 ? CaseStatus.UNDER_INVESTIGATION : statusOf(random, openedAt);
    const closedAt =
      status === CaseStatus.CLOSED
        ? earliest(addDays(openedAt, random.int(14, 120)), CAMPAIGN_END)
        : null;
    const drug = random.weighted(DRUGS);
    return {
      id,
      caseNumber: nextNumber(),
      title: random.pick(CASE_TITLES)(city, drug),
      status,
      province: agency.province,
      dissemination:
        i === 0
          ? Dissemination.GREEN
          : random.weighted({
              [Dissemination.GREEN]: 50,
              [Dissemination.YELLOW]: 35,
              [Dissemination.RED]: 15,
            }),
      owningAgencyCode: agency.code,
      ringId: ring?.id ?? null,
      openedAt,
      closedAt: closedAt && closedAt < openedAt ? openedAt : closedAt,
      city,
    };
  });
}
