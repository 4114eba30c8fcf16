import { Arg, Ctx, Directive, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';

import { validateInput, type Connection } from '../../kit/index.js';
import { NARCOTICS_READ } from '../directives.js';
import { Agency } from '../entities/agency.entity.js';
import { Arrest } from '../entities/arrest.entity.js';
import { CaseSuspect } from '../entities/case-suspect.entity.js';
import { Case } from '../entities/case.entity.js';
import { CaseConnection } from '../entities/connections.type.js';
import { DrugRing } from '../entities/drug-ring.entity.js';
import { Lab } from '../entities/lab.entity.js';
import { Seizure } from '../entities/seizure.entity.js';
import { CaseFilter, caseFilterSchema } from '../inputs/case-filter.input.js';
import type { NarcoticsContext } from '../loaders.js';
import { listCases } from '../repositories/case.repository.js';

/** Case queries and the fields that hang off a case (all batched through the loaders). */
@Resolver(() => Case)
export class CaseResolver {
  @Query(() => Case, { nullable: true, description: 'A case by id; null when there is none.' })
  @Directive(NARCOTICS_READ)
  case(
    @Arg('id', () => ID) id: string,
    @Ctx() { loaders }: NarcoticsContext,
  ): Promise<Case | null> {
    return loaders.caseById.load(id);
  }

  @Query(() => Case, { nullable: true, description: 'A case by its case number.' })
  @Directive(NARCOTICS_READ)
  caseByNumber(
    @Arg('caseNumber', () => String) caseNumber: string,
    @Ctx() { loaders }: NarcoticsContext,
  ): Promise<Case | null> {
    return loaders.caseByNumber.load(caseNumber.trim().toUpperCase());
  }

  @Query(() => CaseConnection, { description: 'Cases, newest opened first.' })
  @Directive(NARCOTICS_READ)
  async cases(
    @Arg('filter', () => CaseFilter, { nullable: true }) filter: CaseFilter | null | undefined,
    @Arg('first', () => Int, { nullable: true }) first: number | null | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | null | undefined,
    @Ctx() { scope }: NarcoticsContext,
  ): Promise<Connection<Case>> {
    const values = validateInput(caseFilterSchema, filter ?? {});
    return listCases(await scope.manager(), values, { first, after });
  }

  @FieldResolver(() => Agency)
  owningAgency(@Root() row: Case, @Ctx() { loaders }: NarcoticsContext): Promise<Agency | null> {
    return loaders.agencyByCode.load(row.owningAgencyCode);
  }

  @FieldResolver(() => DrugRing, { nullable: true })
  async ring(@Root() row: Case, @Ctx() { loaders }: NarcoticsContext): Promise<DrugRing | null> {
    return row.ringId === null ? null : loaders.ringById.load(row.ringId);
  }

  @FieldResolver(() => [CaseSuspect])
  suspects(@Root() row: Case, @Ctx() { loaders }: NarcoticsContext): Promise<CaseSuspect[]> {
    return loaders.suspectsByCase.load(row.id);
  }

  @FieldResolver(() => [Seizure])
  seizures(@Root() row: Case, @Ctx() { loaders }: NarcoticsContext): Promise<Seizure[]> {
    return loaders.seizuresByCase.load(row.id);
  }

  @FieldResolver(() => [Arrest])
  arrests(@Root() row: Case, @Ctx() { loaders }: NarcoticsContext): Promise<Arrest[]> {
    return loaders.arrestsByCase.load(row.id);
  }

  @FieldResolver(() => [Lab], {
    description: 'Drug-making plants found in the course of the case.',
  })
  labs(@Root() row: Case, @Ctx() { loaders }: NarcoticsContext): Promise<Lab[]> {
    return loaders.labsByCase.load(row.id);
  }
}
