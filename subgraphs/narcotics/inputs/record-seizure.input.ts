import { Field, Float, GraphQLISODateTime, ID, InputType } from 'type-graphql';
import { z } from 'zod';

import { idOf } from '../../kit/index.js';

import { pastInstant, provinceCode, text } from './common.js';

/** Drugs seized in a case. */
@InputType({ description: 'Drugs seized in a case.' })
export class RecordSeizureInput {
  @Field(() => ID)
  caseId!: string;

  @Field(() => String, { description: 'e.g. Methamphetamine, Heroin, Ketamine.' })
  drugType!: string;

  @Field(() => Float)
  weightGrams!: number;

  @Field(() => GraphQLISODateTime)
  seizedAt!: Date;

  @Field(() => String)
  place!: string;

  @Field(() => String, { nullable: true, description: "Defaults to the case's province." })
  province?: string | null;
}

/** Ten tonnes: more than any single seizure on record, so a larger figure is a typo. */
const MAX_GRAMS = 10_000_000;

export const recordSeizureSchema = z.object({
  caseId: idOf('Case'),
  drugType: text(60),
  weightGrams: z
    .number()
    .refine(Number.isFinite, 'must be a number')
    .refine((value) => value > 0, 'must be greater than 0')
    .refine((value) => value <= MAX_GRAMS, 'must be at most 10000000 (ten tonnes)')
    .refine((value) => Math.abs(Math.round(value * 1000) - value * 1000) < 1e-6, {
      message: 'must have at most 3 decimal places',
    }),
  seizedAt: pastInstant,
  place: text(200),
  province: provinceCode.nullish(),
});
