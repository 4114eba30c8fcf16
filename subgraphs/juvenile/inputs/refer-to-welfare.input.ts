import { DateResolver } from 'graphql-scalars';
import { Field, ID, InputType } from 'type-graphql';
import { z } from 'zod';

import { idOf } from '../../kit/index.js';
import { WelfareService } from '../entities/welfare-referral.entity.js';

import { pastDate, text } from './common.js';

/** Refers the offender of a record to a welfare service. */
@InputType({ description: 'Refers the offender of a record to a welfare service.' })
export class ReferToWelfareInput {
  @Field(() => ID)
  recordId!: string;

  @Field(() => WelfareService)
  service!: WelfareService;

  @Field(() => String)
  provider!: string;

  @Field(() => DateResolver, { nullable: true, description: 'Defaults to today.' })
  referredOn?: Date | null;

  @Field(() => String, { nullable: true })
  notes?: string | null;
}

export const referToWelfareSchema = z.object({
  recordId: idOf('JuvenileRecord'),
  service: z.enum(WelfareService),
  provider: text(200),
  referredOn: pastDate.nullish(),
  notes: text(2000).nullish(),
});

export type ReferToWelfareValues = z.infer<typeof referToWelfareSchema>;
