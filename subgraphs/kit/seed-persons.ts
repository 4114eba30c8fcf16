/**
 * The synthetic persons every subgraph's seed speaks of (DESIGN §10). The narcotics seed makes
 * the persons; other seeds (juvenile records, chat handles) point at them by id. A fact about
 * a person that more than one seed states — the date of birth — is decided here, once, as a
 * pure function of the profile and the person's id, so every subgraph tells the same story
 * without reading another's data (subgraphs never import each other). It draws from a PRNG of
 * its own per person, not from any seed's stream, so no seed's other draws can shift it.
 */
import type { SeedProfile } from './definition.js';
import { Random } from './random.js';

export interface SeedPopulation {
  /** Mixed with a person's id into that person's own PRNG seed. */
  readonly seed: number;
  /** Persons 1..persons (the narcotics seed's ids, allocated from an empty table). */
  readonly persons: number;
  /** Narcotics cases 1..cases. */
  readonly cases: number;
}

export const SEED_POPULATION: Readonly<Record<SeedProfile, SeedPopulation>> = {
  demo: { seed: 20260301, persons: 300, cases: 60 },
  article: { seed: 12125, persons: 13_000, cases: 2400 },
};

/** Six months from 1 March 2026, Beijing time: fixed, so every run makes the same records. */
export const SEED_CAMPAIGN_START = new Date('2026-03-01T00:00:00+08:00');

const DAY_MS = 24 * 60 * 60 * 1000;

/** Mostly youths: 14-17 and 18-25 make up 70%; nobody is under 14 when the campaign starts. */
function ageAtCampaignStart(random: Random): number {
  const band = random.weighted({ teen: 30, young: 40, adult: 20, older: 10 });
  const [min, max] = { teen: [14, 17], young: [18, 25], adult: [26, 35], older: [36, 55] }[band];
  return random.int(min as number, max as number);
}

/**
 * A seeded person's date of birth (`YYYY-MM-DD`), or null for the 3% whose birth is unknown:
 * the same for a given profile and id in every subgraph's seed, on every machine.
 */
export function seedDateOfBirth(profile: SeedProfile, personId: number): string | null {
  const random = new Random(SEED_POPULATION[profile].seed ^ Math.imul(personId, 0x9e3779b1));
  if (random.chance(0.03)) {
    return null;
  }
  const born = new Date(SEED_CAMPAIGN_START.getTime());
  born.setUTCFullYear(born.getUTCFullYear() - ageAtCampaignStart(random));
  return new Date(born.getTime() - random.int(1, 364) * DAY_MS).toISOString().slice(0, 10);
}
