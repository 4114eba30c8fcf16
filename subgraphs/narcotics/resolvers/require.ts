/** Lookups a mutation needs to succeed: the record, or a NOT_FOUND naming the input field. */
import { NotFoundError } from '../../kit/index.js';
import type { Agency } from '../entities/agency.entity.js';
import type { Case } from '../entities/case.entity.js';
import type { Person } from '../entities/person.entity.js';
import type { NarcoticsContext } from '../loaders.js';

export async function requireCase(context: NarcoticsContext, id: number): Promise<Case> {
  const found = await context.loaders.caseById.load(id);
  if (!found) {
    throw new NotFoundError(`caseId: case ${id}`);
  }
  return found;
}

export async function requirePerson(context: NarcoticsContext, id: number): Promise<Person> {
  const found = await context.loaders.personById.load(id);
  if (!found) {
    throw new NotFoundError(`personId: person ${id}`);
  }
  return found;
}

/** The caller's own agency, which must be registered here before it can own or arrest. */
export async function requireCallerAgency(context: NarcoticsContext): Promise<Agency> {
  const code = context.hub.principal.agency;
  const found = await context.loaders.agencyByCode.load(code);
  if (!found) {
    throw new NotFoundError(`Your agency ${code}`);
  }
  return found;
}
