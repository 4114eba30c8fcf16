import { Field, GraphQLISODateTime, InputType } from 'type-graphql';
import { z } from 'zod';

import { provinceCode, text } from './common.js';

/** Narrows `Query.seizureTotals`. */
@InputType({ description: 'Narrows Query.seizureTotals; every condition given must hold.' })
export class SeizureTotalsFilter {
  @Field(() => String, { nullable: true })
  province?: string | null;

  @Field(() => String, { nullable: true })
  drugType?: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Seized at or after.' })
  from?: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Seized before.' })
  to?: Date | null;
}

export const seizureTotalsFilterSchema = z
  .object({
    province: provinceCode.nullish(),
    drugType: text(60).nullish(),
    from: z.date().nullish(),
    to: z.date().nullish(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    path: ['to'],
    message: 'must not be before from',
  });

export type SeizureTotalsFilterValues = z.infer<typeof seizureTotalsFilterSchema>;
