/** The identity-protection marker, read through the database function that computes it. */
import type { EntityManager } from 'typeorm';

export interface IdentityProtection {
  readonly person: number;
  readonly protected: boolean;
}

/**
 * One boolean per person id, from `juvenile.identity_protected` (SECURITY DEFINER): it weighs
 * sealed records the caller cannot see and returns nothing about them but this bit.
 */
export async function identityProtection(
  manager: EntityManager,
  personIds: readonly number[],
): Promise<IdentityProtection[]> {
  if (personIds.length === 0) {
    return [];
  }
  return manager.query(
    'SELECT person, protected FROM juvenile.identity_protected(CAST($1 AS integer[]))',
    [personIds],
  );
}
