import { Field, ID, InputType } from 'type-graphql';
import { z } from 'zod';

import { dbId, provinceCode } from './common.js';

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
  ringId: dbId.nullish(),
  dismantled: z.boolean().nullish(),
});

export type LabFilterValues = z.infer<typeof labFilterSchema>;
