import {
  Arg,
  Ctx,
  Directive,
  FieldResolver,
  ID,
  Int,
  Query,
  Resolver,
  Root,
  UseMiddleware,
} from 'type-graphql';

import {
  BadUserInputError,
  validateInput,
  type Connection,
  listSize,
  PAGE_SIZED_BY_FIRST,
  ASSUMED_LIST_SIZE,
  DEFAULT_PAGE_SIZE,
} from '../../kit/index.js';
import { NARCOTICS_READ } from '../directives.js';
import { Agency } from '../entities/agency.entity.js';
import { Arrest } from '../entities/arrest.entity.js';
import { CaseSuspect } from '../entities/case-suspect.entity.js';
import { Case } from '../entities/case.entity.js';
import { CaseConnection } from '../entities/connections.type.js';
import { DrugRing } from '../entities/drug-ring.entity.js';
import { Lab } from '../entities/lab.entity.js';
import { Seizure } from '../entities/seizure.entity.js';
import { caseByNumberSchema } from '../inputs/case-by-number.input.js';
import { CaseFilter, caseFilterSchema } from '../inputs/case-filter.input.js';
import type { NarcoticsContext } from '../loaders.js';
import { listCases } from '../repositories/case.repository.js';
import { caseForNumber, isPointer, pointerFieldsOnly, WITHHELD_FROM_POINTERS } from '../rules.js';

/**
 * Case queries and the fields that hang off a case (all batched through the loaders). The
 * middleware nulls, for a pointer, every field rules.ts does not let a pointer show.
 */
@Resolver(() => Case)
@UseMiddleware(pointerFieldsOnly)
export class CaseResolver {
  @Query(() => Case, {
    nullable: true,
    description: 'A case by id; null when there is none or you may not see it.',
  })
  @Directive(NARCOTICS_READ)
  case(
    @Arg('id', () => ID) id: string,
    @Ctx() { loaders }: NarcoticsContext,
  ): Promise<Case | null> {
    return loaders.caseById.load(id);
  }

  @Query(() => Case, {
    nullable: true,
    description:
      'A case by its case number; null when there is none or you may not see it. Numbers are ' +
      "unique per owning agency: without owningAgency, your own agency's case, else the only " +
      'one you may see (BAD_USER_INPUT naming the agencies when several agencies have it).',
  })
  @Directive(NARCOTICS_READ)
  async caseByNumber(
    @Arg('caseNumber', () => String) caseNumber: string,
    @Arg('owningAgency', () => String, {
      nullable: true,
      description: 'Owning agency code, e.g. GS-NB.',
    })
    owningAgency: string | null | undefined,
    @Ctx() { loaders, hub }: NarcoticsContext,
  ): Promise<Case | null> {
    const values = validateInput(caseByNumberSchema, { caseNumber, owningAgency });
    const candidates = await loaders.casesByNumber.load(values.caseNumber);
    const found = caseForNumber(candidates, hub.principal.agency, values.owningAgency);
    if (found === 'ambiguous') {
      const agencies = candidates
        .map((c) => c.owningAgencyCode)
        .sort()
        .join(', ');
      throw new BadUserInputError(
        `owningAgency: several agencies have case ${values.caseNumber} (${agencies}); name one`,
        'owningAgency',
      );
    }
    return found;
  }

  @Query(() => CaseConnection, {
    description:
      'Cases you may see: those you see in full newest opened first, then restricted cases ' +
      '(pointers) by case number. A filter on a field a restricted case withholds never matches it.',
  })
  @Directive(NARCOTICS_READ)
  @Directive(PAGE_SIZED_BY_FIRST)
  async cases(
    @Arg('filter', () => CaseFilter, { nullable: true }) filter: CaseFilter | null | undefined,
    @Arg('first', () => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE })
    first: number | null | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | null | undefined,
    @Ctx() { scope }: NarcoticsContext,
  ): Promise<Connection<Case>> {
    const values = validateInput(caseFilterSchema, filter ?? {});
    return listCases(await scope.manager(), values, scope.page(first, after));
  }

  @FieldResolver(() => Boolean, {
    description:
      'True for a pointer: a YELLOW case of another agency, of which you see only that it ' +
      'exists, its number and the owning agency to ask.',
  })
  restricted(@Root() row: Case): boolean {
    return isPointer(row);
  }

  @FieldResolver(() => Agency)
  owningAgency(@Root() row: Case, @Ctx() { loaders }: NarcoticsContext): Promise<Agency | null> {
    return loaders.agencyByCode.load(row.owningAgencyCode);
  }

  @FieldResolver(() => DrugRing, { nullable: true, description: WITHHELD_FROM_POINTERS })
  async ring(@Root() row: Case, @Ctx() { loaders }: NarcoticsContext): Promise<DrugRing | null> {
    return row.ringId === null ? null : loaders.ringById.load(row.ringId);
  }

  @FieldResolver(() => [CaseSuspect], { nullable: true, description: WITHHELD_FROM_POINTERS })
  @Directive(listSize(ASSUMED_LIST_SIZE))
  suspects(@Root() row: Case, @Ctx() { loaders }: NarcoticsContext): Promise<CaseSuspect[]> {
    return loaders.suspectsByCase.load(row.id);
  }

  @FieldResolver(() => [Seizure], { nullable: true, description: WITHHELD_FROM_POINTERS })
  @Directive(listSize(ASSUMED_LIST_SIZE))
  seizures(@Root() row: Case, @Ctx() { loaders }: NarcoticsContext): Promise<Seizure[]> {
    return loaders.seizuresByCase.load(row.id);
  }

  @FieldResolver(() => [Arrest], { nullable: true, description: WITHHELD_FROM_POINTERS })
  @Directive(listSize(ASSUMED_LIST_SIZE))
  arrests(@Root() row: Case, @Ctx() { loaders }: NarcoticsContext): Promise<Arrest[]> {
    return loaders.arrestsByCase.load(row.id);
  }

  @FieldResolver(() => [Lab], {
    nullable: true,
    description: `Drug-making plants found in the course of the case. ${WITHHELD_FROM_POINTERS}`,
  })
  @Directive(listSize(ASSUMED_LIST_SIZE))
  labs(@Root() row: Case, @Ctx() { loaders }: NarcoticsContext): Promise<Lab[]> {
    return loaders.labsByCase.load(row.id);
  }
}
