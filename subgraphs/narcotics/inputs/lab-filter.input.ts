import { Field, ID, InputType } from 'type-graphql';
import { z } from 'zod';

import { idOf } from '../../kit/index.js';

import { provinceCode } from './common.js';

/** Narrows `Query.labs`. */
@InputType({ description: 'Narrows Query.labs; every condition given must hold.' })
export class LabFilter {
  @Field(() => String, { nullable: true })
  province?: string | null;

  @Field(() => ID, { nullable: true })
  ringId?: string | null;

  @Field(() => Boolean, { nullable: true })
  dismantled?: boolean | null;
}

export const labFilterSchema = z.object({
  province: provinceCode.nullish(),
  ringId: idOf('DrugRing').nullish(),
  dismantled: z.boolean().nullish(),
});

export type LabFilterValues = z.infer<typeof labFilterSchema>;
