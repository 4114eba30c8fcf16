/** Lookups a mutation needs to succeed: the record, or a NOT_FOUND naming the input field. */
import { ForbiddenError, NotFoundError } from '../../kit/index.js';
import type { Agency } from '../entities/agency.entity.js';
import type { Case } from '../entities/case.entity.js';
import type { Person } from '../entities/person.entity.js';
import type { NarcoticsContext } from '../loaders.js';
import { isPointer } from '../rules.js';

/**
 * A case the caller sees in full (writes need one; the database refuses the others too). A
 * case the caller cannot see (RED, of another agency) is not found, exactly as an unknown id; a
 * pointer is FORBIDDEN, naming the owner to ask.
 */
export async function requireCase(context: NarcoticsContext, id: number): Promise<Case> {
  const found = await context.loaders.caseById.load(id);
  if (!found) {
    throw new NotFoundError('caseId: case');
  }
  if (isPointer(found)) {
    throw new ForbiddenError(
      `caseId: case ${found.caseNumber} is restricted (${found.dissemination}); ask its owning ` +
        `agency, ${found.owningAgencyCode}`,
      'caseId',
    );
  }
  return found;
}

export async function requirePerson(context: NarcoticsContext, id: number): Promise<Person> {
  const found = await context.loaders.personById.load(id);
  if (!found) {
    throw new NotFoundError('personId: person');
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
