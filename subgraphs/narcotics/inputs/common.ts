/** zod pieces shared by this subgraph's inputs; messages name what is wrong, not how to fix SQL. */
import { z } from 'zod';

/** Clocks of officers' machines drift; a little slack keeps "now" from reading as the future. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;
const EARLIEST = new Date('1990-01-01T00:00:00Z');

/** An instant that has happened (not in the future, not before 1990). */
export const pastInstant = z
  .date({ error: 'must be a date-time' })
  .refine((value) => !Number.isNaN(value.getTime()), 'must be a valid date-time')
  .refine((value) => value.getTime() <= Date.now() + CLOCK_SKEW_MS, 'must not be in the future')
  .refine((value) => value >= EARLIEST, 'must not be before 1990-01-01');

export const provinceCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2,3}$/, 'must be a province code such as GS');

export const agencyCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]+(-[A-Z0-9]+)*$/, 'must be an agency code such as GS-NB')
  .max(32, 'must be at most 32 characters');

export const caseNumber = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2,6}-[0-9]{4}-[0-9]{4,6}$/, 'must look like ND-2026-0001');

export const nationalId = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[0-9]{17}[0-9X]$/, 'must be 17 digits followed by a digit or X');

/** Free-text search: a few words, at least one letter or digit. */
export const searchText = z
  .string()
  .trim()
  .max(100, 'must be at most 100 characters')
  .refine((value) => /[\p{L}\p{N}]/u.test(value), 'must contain a letter or digit');

/** Non-blank text of bounded length. */
export function text(max: number) {
  return z
    .string()
    .trim()
    .min(1, 'must not be blank')
    .max(max, `must be at most ${max} characters`);
}
