/**
 * Constraint violations that only a race can cause (the resolvers check first) become the same
 * clear errors the checks give, instead of an internal error carrying SQL.
 */
import { QueryFailedError } from 'typeorm';

import { ConflictError } from '../../kit/index.js';

const UNIQUE_VIOLATION = '23505';

function violatedUnique(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) {
    return undefined;
  }
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === UNIQUE_VIOLATION ? driverError.constraint : undefined;
}

/** Runs `work`; a unique violation of one of `conflicts`' constraints becomes a CONFLICT. */
export async function conflictOnUnique<T>(
  work: () => Promise<T>,
  conflicts: Readonly<Record<string, string>>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const constraint = violatedUnique(error);
    const message = constraint ? conflicts[constraint] : undefined;
    throw message ? new ConflictError(message) : error;
  }
}
