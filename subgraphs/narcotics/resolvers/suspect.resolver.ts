import { Arg, Ctx, Directive, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { EntityManager } from 'typeorm';

import { BadUserInputError, ConflictError, validateInput } from '../../kit/index.js';
import { NARCOTICS_WRITE } from '../directives.js';
import { CaseSuspect } from '../entities/case-suspect.entity.js';
import { Case } from '../entities/case.entity.js';
import { Person } from '../entities/person.entity.js';
import {
  AddSuspectInput,
  addSuspectSchema,
  type AddSuspectValues,
  type NewPersonValues,
} from '../inputs/add-suspect.input.js';
import type { NarcoticsContext } from '../loaders.js';
import { conflictOnUnique } from '../repositories/constraint-errors.js';
import { insertPerson, nationalIdOnRecord } from '../repositories/person.repository.js';
import { insertSuspect, isSuspect } from '../repositories/record.repository.js';
import { nationalIdOnRecordFor } from '../rules.js';

import { requireCase, requirePerson } from './require.js';

const ALREADY_SUSPECT = 'personId: that person is already a suspect in this case';
/**
 * Names nobody: the caller's own search by the id finds the person it means (rules.ts
 * `nationalIdOnRecordFor` decides which persons count).
 */
const NATIONAL_ID_ON_RECORD = 'person.nationalId: already on record; add the person by personId';

async function newPerson(
  context: NarcoticsContext,
  manager: EntityManager,
  values: NewPersonValues,
): Promise<Person> {
  const { skipsProtected } = nationalIdOnRecordFor(context.hub.principal);
  if (values.nationalId && (await nationalIdOnRecord(manager, values.nationalId, skipsProtected))) {
    throw new ConflictError(NATIONAL_ID_ON_RECORD);
  }
  return insertPerson(manager, values);
}

/** The person to add: created from `person`, or the one on record named by `personId`. */
function suspectPerson(
  context: NarcoticsContext,
  manager: EntityManager,
  values: AddSuspectValues,
): Promise<Person> {
  if (values.person) {
    return newPerson(context, manager, values.person);
  }
  if (values.personId == null) {
    throw new BadUserInputError('personId: give personId or person', 'personId');
  }
  return requirePerson(context, values.personId);
}

/** Suspects of a case: who and in what role. */
@Resolver(() => CaseSuspect)
export class SuspectResolver {
  @FieldResolver(() => Person)
  person(@Root() row: CaseSuspect, @Ctx() { loaders }: NarcoticsContext): Promise<Person | null> {
    return loaders.personById.load(row.personId);
  }

  @FieldResolver(() => Case)
  case(@Root() row: CaseSuspect, @Ctx() { loaders }: NarcoticsContext): Promise<Case | null> {
    return loaders.caseById.load(row.caseId);
  }

  @Mutation(() => CaseSuspect, {
    description: 'Adds a suspect to a case: a person on record (personId) or a new one (person).',
  })
  @Directive(NARCOTICS_WRITE)
  async addSuspect(
    @Arg('input', () => AddSuspectInput) input: AddSuspectInput,
    @Ctx() context: NarcoticsContext,
  ): Promise<CaseSuspect> {
    const values = validateInput(addSuspectSchema, input);
    const suspect = await conflictOnUnique(
      () =>
        context.scope.atomically(async (manager) => {
          const found = await requireCase(context, values.caseId);
          const person = await suspectPerson(context, manager, values);
          if (await isSuspect(manager, found.id, person.id)) {
            throw new ConflictError(ALREADY_SUSPECT);
          }
          const row = await insertSuspect(manager, {
            caseId: found.id,
            personId: person.id,
            role: values.role,
          });
          return row;
        }),
      {
        case_suspects_once: ALREADY_SUSPECT,
      },
    );
    // The new link may protect the person's identity (a case opened while they were a minor):
    // read them again, with the database's verdict, rather than from this request's cache.
    context.loaders.personById.clear(suspect.personId);
    context.loaders.suspectsByCase.clear(suspect.caseId);
    context.loaders.suspectsByPerson.clear(suspect.personId);
    return suspect;
  }
}
