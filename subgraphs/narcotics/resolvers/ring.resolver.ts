import { Arg, Ctx, Directive, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';

import {
  validateInput,
  type Connection,
  listSize,
  PAGE_SIZED_BY_FIRST,
  ASSUMED_LIST_SIZE,
  DEFAULT_PAGE_SIZE,
} from '../../kit/index.js';
import { NARCOTICS_READ } from '../directives.js';
import { Case } from '../entities/case.entity.js';
import { DrugRingConnection } from '../entities/connections.type.js';
import { DrugRing } from '../entities/drug-ring.entity.js';
import { Lab } from '../entities/lab.entity.js';
import { ringSearchSchema } from '../inputs/search.input.js';
import type { NarcoticsContext } from '../loaders.js';
import { listRings } from '../repositories/ring.repository.js';

/** Drug rings, their cases and their drug-making plants. */
@Resolver(() => DrugRing)
export class RingResolver {
  @Query(() => DrugRing, { nullable: true, description: 'A drug ring by id.' })
  @Directive(NARCOTICS_READ)
  ring(
    @Arg('id', () => ID) id: string,
    @Ctx() { loaders }: NarcoticsContext,
  ): Promise<DrugRing | null> {
    return loaders.ringById.load(id);
  }

  @Query(() => DrugRingConnection, { description: 'Drug rings, optionally of one province.' })
  @Directive(NARCOTICS_READ)
  @Directive(PAGE_SIZED_BY_FIRST)
  async rings(
    @Arg('province', () => String, { nullable: true }) province: string | null | undefined,
    @Arg('first', () => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE })
    first: number | null | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | null | undefined,
    @Ctx() { scope }: NarcoticsContext,
  ): Promise<Connection<DrugRing>> {
    const values = validateInput(ringSearchSchema, { province });
    return listRings(await scope.manager(), values.province, scope.page(first, after));
  }

  @FieldResolver(() => [Case], { description: 'Cases about the ring, newest opened first.' })
  @Directive(listSize(ASSUMED_LIST_SIZE))
  cases(@Root() ring: DrugRing, @Ctx() { loaders }: NarcoticsContext): Promise<Case[]> {
    return loaders.casesByRing.load(ring.id);
  }

  @FieldResolver(() => [Lab])
  @Directive(listSize(ASSUMED_LIST_SIZE))
  labs(@Root() ring: DrugRing, @Ctx() { loaders }: NarcoticsContext): Promise<Lab[]> {
    return loaders.labsByRing.load(ring.id);
  }
}
