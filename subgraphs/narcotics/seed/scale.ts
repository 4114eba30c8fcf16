/** How much each seed profile makes, and the campaign's calendar. */
import { SEED_CAMPAIGN_START, SEED_POPULATION, type SeedProfile } from '../../kit/index.js';

export interface Scale {
  readonly seed: number;
  readonly agencies: number;
  readonly rings: number;
  readonly cases: number;
  readonly persons: number;
  /** Distinct persons arrested (one arrest each). */
  readonly arrested: number;
  readonly labs: number;
  readonly streetSeizures: number;
  /** Seizures are topped up to at least this much in total. */
  readonly minTotalGrams: number;
  /** Suspects of ND-2026-0001, the case demos and tests start from. */
  readonly firstCaseSuspects: number;
}

export const SCALES: Readonly<Record<SeedProfile, Scale>> = {
  demo: {
    seed: 20260301,
    agencies: 6,
    rings: 4,
    cases: SEED_POPULATION.demo.cases,
    persons: SEED_POPULATION.demo.persons,
    arrested: 200,
    labs: 3,
    streetSeizures: 80,
    minTotalGrams: 20_000,
    firstCaseSuspects: 12,
  },
  /** The reported campaign: 12,125 arrested, 144 rings, 22 plants, more than 300 kg seized. */
  article: {
    seed: 12125,
    agencies: 10,
    rings: 144,
    cases: SEED_POPULATION.article.cases,
    persons: SEED_POPULATION.article.persons,
    arrested: 12_125,
    labs: 22,
    streetSeizures: 3000,
    minTotalGrams: 310_000,
    firstCaseSuspects: 40,
  },
};

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Six months from 1 March 2026, Beijing time (the kit's, which seeded birth dates count from). */
export const CAMPAIGN_START = SEED_CAMPAIGN_START;
export const CAMPAIGN_DAYS = 180;
export const CAMPAIGN_END = new Date(CAMPAIGN_START.getTime() + CAMPAIGN_DAYS * DAY_MS);

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

export function earliest(...dates: Date[]): Date {
  return new Date(Math.min(...dates.map((date) => date.getTime())));
}

export function latest(...dates: Date[]): Date {
  return new Date(Math.max(...dates.map((date) => date.getTime())));
}
