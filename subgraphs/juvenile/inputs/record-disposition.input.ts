import { Field, ID, InputType, Int } from 'type-graphql';
import { z } from 'zod';

import { idOf } from '../../kit/index.js';

import { sentenceMonths, text } from './common.js';

/** The court's disposition of a recorded offence (a later one replaces an earlier one). */
@InputType({ description: "The court's disposition of a recorded offence." })
export class RecordDispositionInput {
  @Field(() => ID)
  recordId!: string;

  @Field(() => String)
  disposition!: string;

  @Field(() => Int, { description: 'Months; 0 when not custodial.' })
  sentenceMonths!: number;
}

export const recordDispositionSchema = z.object({
  recordId: idOf('JuvenileRecord'),
  disposition: text(500),
  sentenceMonths,
});

export type RecordDispositionValues = z.infer<typeof recordDispositionSchema>;
