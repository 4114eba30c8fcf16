import { Field, GraphQLISODateTime, ID, InputType } from 'type-graphql';
import { z } from 'zod';

import { idOf } from '../../kit/index.js';

import { pastInstant, provinceCode } from './common.js';

/** The arrest of a case's suspect by the caller's agency. */
@InputType({ description: "The arrest of a case's suspect by the caller's agency." })
export class RecordArrestInput {
  @Field(() => ID)
  caseId!: string;

  @Field(() => ID, { description: 'A suspect of the case (see addSuspect).' })
  personId!: string;

  @Field(() => GraphQLISODateTime)
  arrestedAt!: Date;

  @Field(() => String, { nullable: true, description: "Defaults to the caller's province." })
  province?: string | null;
}

export const recordArrestSchema = z.object({
  caseId: idOf('Case'),
  personId: idOf('Person'),
  arrestedAt: pastInstant,
  province: provinceCode.nullish(),
});
