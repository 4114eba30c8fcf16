import { DateResolver } from 'graphql-scalars';
import { Field, ID, InputType } from 'type-graphql';
import { z } from 'zod';

import { idOf } from '../../kit/index.js';

import { calendarDate } from './common.js';

/**
 * Narrows `Query.juvenileRecords`; every condition given must hold. There is no case filter:
 * this subgraph cannot tell which cases a caller may see, so records by case are asked of the
 * case, `case(id) { juvenileRecords }`, which its owner resolves first (DESIGN §6).
 */
@InputType({ description: 'Narrows Query.juvenileRecords; every condition given must hold.' })
export class JuvenileRecordFilter {
  @Field(() => Boolean, { nullable: true })
  sealed?: boolean | null;

  @Field(() => ID, { nullable: true })
  personId?: string | null;

  @Field(() => DateResolver, { nullable: true, description: 'Offence on or after.' })
  offenceFrom?: Date | null;

  @Field(() => DateResolver, { nullable: true, description: 'Offence on or before.' })
  offenceTo?: Date | null;
}

export const juvenileRecordFilterSchema = z
  .object({
    sealed: z.boolean().nullish(),
    personId: idOf('Person').nullish(),
    offenceFrom: calendarDate.nullish(),
    offenceTo: calendarDate.nullish(),
  })
  .refine((f) => !f.offenceFrom || !f.offenceTo || f.offenceFrom <= f.offenceTo, {
    path: ['offenceTo'],
    message: 'must not be before offenceFrom',
  });

export type JuvenileRecordFilterValues = z.infer<typeof juvenileRecordFilterSchema>;
