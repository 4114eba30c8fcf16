/** zod pieces shared by this subgraph's inputs; messages name what is wrong in caller's terms. */
import { z } from 'zod';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A `Date` scalar value as `YYYY-MM-DD` (PostgreSQL `date`; no time zone to shift it). */
export const calendarDate = z
  .date({ error: 'must be a date' })
  .refine((value) => !Number.isNaN(value.getTime()), 'must be a valid date')
  .transform((value) => value.toISOString().slice(0, 10));

/**
 * A date that has come, anywhere: one day of slack, as an officer east of UTC may already be on
 * tomorrow's date.
 */
export const pastDate = calendarDate.refine(
  (value) => value <= new Date(Date.now() + DAY_MS).toISOString().slice(0, 10),
  'must not be in the future',
);

/** Today's date (UTC) as `YYYY-MM-DD`. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export const sentenceMonths = z
  .number()
  .int('must be a whole number of months')
  .min(0, 'must not be negative')
  .max(600, 'must be at most 600');

/** Non-blank text of bounded length. */
export function text(max: number) {
  return z
    .string()
    .trim()
    .min(1, 'must not be blank')
    .max(max, `must be at most ${max} characters`);
}
