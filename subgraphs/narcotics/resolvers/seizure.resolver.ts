import { Arg, Ctx, Directive, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';

import { validateInput, listSize, ASSUMED_LIST_SIZE } from '../../kit/index.js';
import { NARCOTICS_READ, NARCOTICS_WRITE } from '../directives.js';
import { Case } from '../entities/case.entity.js';
import { SeizureTotal } from '../entities/seizure-total.type.js';
import { Seizure } from '../entities/seizure.entity.js';
import { RecordSeizureInput, recordSeizureSchema } from '../inputs/record-seizure.input.js';
import {
  SeizureTotalsFilter,
  seizureTotalsFilterSchema,
} from '../inputs/seizure-totals-filter.input.js';
import type { NarcoticsContext } from '../loaders.js';
import { insertSeizure } from '../repositories/record.repository.js';
import { seizureTotals } from '../repositories/seizure.repository.js';

import { requireCase } from './require.js';

/** Seizures: recording them, their case, and totals per drug type and province. */
@Resolver(() => Seizure)
export class SeizureResolver {
  @FieldResolver(() => Case)
  case(@Root() row: Seizure, @Ctx() { loaders }: NarcoticsContext): Promise<Case | null> {
    return loaders.caseById.load(row.caseId);
  }

  @Query(() => [SeizureTotal], {
    description: 'Seizures summed per drug type and province, heaviest first.',
  })
  @Directive(NARCOTICS_READ)
  @Directive(listSize(ASSUMED_LIST_SIZE))
  async seizureTotals(
    @Arg('filter', () => SeizureTotalsFilter, { nullable: true })
    filter: SeizureTotalsFilter | null | undefined,
    @Ctx() { scope }: NarcoticsContext,
  ): Promise<SeizureTotal[]> {
    const values = validateInput(seizureTotalsFilterSchema, filter ?? {});
    return seizureTotals(await scope.manager(), values);
  }

  @Mutation(() => Seizure, { description: 'Records drugs seized in a case.' })
  @Directive(NARCOTICS_WRITE)
  async recordSeizure(
    @Arg('input', () => RecordSeizureInput) input: RecordSeizureInput,
    @Ctx() context: NarcoticsContext,
  ): Promise<Seizure> {
    const values = validateInput(recordSeizureSchema, input);
    const seizure = await context.scope.atomically(async (manager) => {
      const found = await requireCase(context, values.caseId);
      return insertSeizure(manager, {
        caseId: found.id,
        drugType: values.drugType,
        weightGrams: values.weightGrams,
        seizedAt: values.seizedAt,
        place: values.place,
        province: values.province ?? found.province,
      });
    });
    context.loaders.seizuresByCase.clear(seizure.caseId);
    return seizure;
  }
}
