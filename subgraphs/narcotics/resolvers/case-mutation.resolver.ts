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

/** Opening cases and moving them along. */
@Resolver()
export class CaseMutationResolver {
  @Mutation(() => Case, { description: "Opens a case owned by the caller's agency and province." })
  @Directive(NARCOTICS_WRITE)
  async openCase(
    @Arg('input', () => OpenCaseInput) input: OpenCaseInput,
    @Ctx() context: NarcoticsContext,
  ): Promise<Case> {
    const values = validateInput(openCaseSchema, input);
    const taken = `caseNumber: ${values.caseNumber} is already taken`;
    const { loaders, hub } = context;
    const opened = await conflictOnUnique(
      () =>
        context.scope.atomically(async (manager) => {
          const agency = await requireCallerAgency(context);
          if (values.ringId != null && !(await loaders.ringById.load(values.ringId))) {
            throw new NotFoundError(`ringId: ring ${values.ringId}`);
          }
          if (await loaders.caseByNumber.load(values.caseNumber)) {
            throw new ConflictError(taken);
          }
          return insertCase(manager, {
            caseNumber: values.caseNumber,
            title: values.title,
            dissemination: values.dissemination,
            province: hub.principal.province,
            owningAgencyCode: agency.code,
            ringId: values.ringId ?? null,
            openedAt: values.openedAt ?? new Date(),
          });
        }),
      { cases_case_number_key: taken },
    );
    loaders.caseByNumber.clear(opened.caseNumber).prime(opened.caseNumber, opened);
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
    context.loaders.caseByNumber.clear(updated.caseNumber).prime(updated.caseNumber, updated);
    return updated;
  }
}
