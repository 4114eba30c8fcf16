import { Arg, Ctx, Directive, Mutation, Resolver } from 'type-graphql';

import { ConflictError, NotFoundError, validateInput } from '../../kit/index.js';
import { NARCOTICS_WRITE } from '../directives.js';
import { Case } from '../entities/case.entity.js';
import { OpenCaseInput, openCaseSchema } from '../inputs/open-case.input.js';
import {
  UpdateCaseStatusInput,
  updateCaseStatusSchema,
} from '../inputs/update-case-status.input.js';
import type { NarcoticsContext } from '../loaders.js';
import { insertCase, updateCaseStatus } from '../repositories/case.repository.js';
import { conflictOnUnique } from '../repositories/constraint-errors.js';

import { requireCallerAgency, requireCase } from './require.js';

const taken = (caseNumber: string) =>
  `caseNumber: ${caseNumber} is already taken by a case of your agency`;

/**
 * Whether the caller's agency has a case numbered `caseNumber`. Its own cases are all visible to
 * it (RED ones included), and no other agency's case is looked at: numbers are unique per owning
 * agency, so another agency's number — hidden or not — is never "taken".
 */
async function ownNumberTaken(
  context: NarcoticsContext,
  agency: string,
  caseNumber: string,
): Promise<boolean> {
  const cases = await context.loaders.casesByNumber.load(caseNumber);
  return cases.some((c) => c.owningAgencyCode === agency);
}

/** Opening cases and moving them along. */
@Resolver()
export class CaseMutationResolver {
  @Mutation(() => Case, {
    description:
      "Opens a case owned by the caller's agency and province; its number must be new within " +
      'the agency (numbers are unique per owning agency, not across agencies).',
  })
  @Directive(NARCOTICS_WRITE)
  async openCase(
    @Arg('input', () => OpenCaseInput) input: OpenCaseInput,
    @Ctx() context: NarcoticsContext,
  ): Promise<Case> {
    const values = validateInput(openCaseSchema, input);
    const { loaders, hub } = context;
    const openedAt = values.openedAt ?? new Date();
    const opened = await conflictOnUnique(
      () =>
        context.scope.atomically(async (manager) => {
          const agency = await requireCallerAgency(context);
          if (values.ringId != null && !(await loaders.ringById.load(values.ringId))) {
            throw new NotFoundError('ringId: ring');
          }
          if (await ownNumberTaken(context, agency.code, values.caseNumber)) {
            throw new ConflictError(taken(values.caseNumber));
          }
          return insertCase(manager, {
            caseNumber: values.caseNumber,
            title: values.title,
            dissemination: values.dissemination,
            province: hub.principal.province,
            owningAgencyCode: agency.code,
            ringId: values.ringId ?? null,
            openedAt,
          });
        }),
      // Only a race with the caller's own agency can reach this constraint (checked above).
      { cases_number_per_agency: taken(values.caseNumber) },
    );
    loaders.casesByNumber.clear(opened.caseNumber);
    loaders.caseById.prime(opened.id, opened);
    if (opened.ringId !== null) {
      loaders.casesByRing.clear(opened.ringId);
    }
    return opened;
  }

  @Mutation(() => Case, { description: 'Sets the status of a case.' })
  @Directive(NARCOTICS_WRITE)
  async updateCaseStatus(
    @Arg('input', () => UpdateCaseStatusInput) input: UpdateCaseStatusInput,
    @Ctx() context: NarcoticsContext,
  ): Promise<Case> {
    const values = validateInput(updateCaseStatusSchema, input);
    const updated = await context.scope.atomically(async (manager) =>
      updateCaseStatus(manager, await requireCase(context, values.caseId), values.status),
    );
    context.loaders.caseById.clear(updated.id).prime(updated.id, updated);
    context.loaders.casesByNumber.clear(updated.caseNumber);
    return updated;
  }
}
