import { Arg, Ctx, Directive, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';

import {
  validateInput,
  type Connection,
  PAGE_SIZED_BY_FIRST,
  DEFAULT_PAGE_SIZE,
} from '../../kit/index.js';
import { NARCOTICS_READ } from '../directives.js';
import { Case } from '../entities/case.entity.js';
import { LabConnection } from '../entities/connections.type.js';
import { DrugRing } from '../entities/drug-ring.entity.js';
import { Lab } from '../entities/lab.entity.js';
import { LabFilter, labFilterSchema } from '../inputs/lab-filter.input.js';
import type { NarcoticsContext } from '../loaders.js';
import { listLabs } from '../repositories/ring.repository.js';

/** Drug-making plants. */
@Resolver(() => Lab)
export class LabResolver {
  @Query(() => LabConnection, { description: 'Drug-making plants, in the order found.' })
  @Directive(NARCOTICS_READ)
  @Directive(PAGE_SIZED_BY_FIRST)
  async labs(
    @Arg('filter', () => LabFilter, { nullable: true }) filter: LabFilter | null | undefined,
    @Arg('first', () => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE })
    first: number | null | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | null | undefined,
    @Ctx() { scope }: NarcoticsContext,
  ): Promise<Connection<Lab>> {
    const values = validateInput(labFilterSchema, filter ?? {});
    return listLabs(await scope.manager(), values, scope.page(first, after));
  }

  @FieldResolver(() => DrugRing)
  ring(@Root() lab: Lab, @Ctx() { loaders }: NarcoticsContext): Promise<DrugRing | null> {
    return loaders.ringById.load(lab.ringId);
  }

  @FieldResolver(() => Case, { nullable: true })
  async case(@Root() lab: Lab, @Ctx() { loaders }: NarcoticsContext): Promise<Case | null> {
    return lab.caseId === null ? null : loaders.caseById.load(lab.caseId);
  }
}
