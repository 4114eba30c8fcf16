import { Arg, Ctx, Directive, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';

import { BadUserInputError, ConflictError, validateInput } from '../../kit/index.js';
import { NARCOTICS_WRITE } from '../directives.js';
import { Agency } from '../entities/agency.entity.js';
import { Arrest } from '../entities/arrest.entity.js';
import { Case } from '../entities/case.entity.js';
import { Person } from '../entities/person.entity.js';
import { RecordArrestInput, recordArrestSchema } from '../inputs/record-arrest.input.js';
import type { NarcoticsContext } from '../loaders.js';
import { conflictOnUnique } from '../repositories/constraint-errors.js';
import { insertArrest, isArrested, isSuspect } from '../repositories/record.repository.js';

import { requireCallerAgency, requireCase, requirePerson } from './require.js';

const ALREADY_ARRESTED = 'personId: that person is already recorded as arrested in this case';

/** Arrests: recording them, and who, in which case, by which agency. */
@Resolver(() => Arrest)
export class ArrestResolver {
  @FieldResolver(() => Person)
  person(@Root() row: Arrest, @Ctx() { loaders }: NarcoticsContext): Promise<Person | null> {
    return loaders.personById.load(row.personId);
  }

  @FieldResolver(() => Case)
  case(@Root() row: Arrest, @Ctx() { loaders }: NarcoticsContext): Promise<Case | null> {
    return loaders.caseById.load(row.caseId);
  }

  @FieldResolver(() => Agency)
  arrestingAgency(
    @Root() row: Arrest,
    @Ctx() { loaders }: NarcoticsContext,
  ): Promise<Agency | null> {
    return loaders.agencyByCode.load(row.arrestingAgencyCode);
  }

  @Mutation(() => Arrest, {
    description: "Records the arrest of one of a case's suspects by the caller's agency.",
  })
  @Directive(NARCOTICS_WRITE)
  async recordArrest(
    @Arg('input', () => RecordArrestInput) input: RecordArrestInput,
    @Ctx() context: NarcoticsContext,
  ): Promise<Arrest> {
    const values = validateInput(recordArrestSchema, input);
    const arrest = await conflictOnUnique(
      () =>
        context.scope.atomically(async (manager) => {
          const agency = await requireCallerAgency(context);
          const found = await requireCase(context, values.caseId);
          const person = await requirePerson(context, values.personId);
          if (!(await isSuspect(manager, found.id, person.id))) {
            throw new BadUserInputError(
              // Names the person as the caller did: a row id here is the internal, sequential
              // key that ids reaching clients hide (kit/opaque-ids.ts).
              `personId: that person is not a suspect in case ${found.caseNumber}; ` +
                'add them with addSuspect first',
              'personId',
            );
          }
          if (await isArrested(manager, found.id, person.id)) {
            throw new ConflictError(ALREADY_ARRESTED);
          }
          return insertArrest(manager, {
            caseId: found.id,
            personId: person.id,
            arrestedAt: values.arrestedAt,
            province: values.province ?? context.hub.principal.province,
            arrestingAgencyCode: agency.code,
          });
        }),
      { arrests_once: ALREADY_ARRESTED },
    );
    context.loaders.arrestsByCase.clear(arrest.caseId);
    context.loaders.arrestsByPerson.clear(arrest.personId);
    return arrest;
  }
}
