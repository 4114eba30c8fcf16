import { Field, GraphQLISODateTime, ID, InputType } from 'type-graphql';
import { z } from 'zod';

import { idOf } from '../../kit/index.js';
import { CaseStatus } from '../entities/case.entity.js';

import { agencyCode, provinceCode, searchText } from './common.js';

/** Narrows `Query.cases`; every condition given must hold. */
@InputType({ description: 'Narrows Query.cases; every condition given must hold.' })
export class CaseFilter {
  @Field(() => String, { nullable: true, description: 'Province code, e.g. GS.' })
  province?: string | null;

  @Field(() => CaseStatus, { nullable: true })
  status?: CaseStatus | null;

  @Field(() => ID, { nullable: true })
  ringId?: string | null;

  @Field(() => String, { nullable: true, description: 'Owning agency code, e.g. GS-NB.' })
  owningAgency?: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Opened at or after.' })
  openedFrom?: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Opened at or before.' })
  openedTo?: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'Words (or word prefixes) of the title, or the start of the case number.',
  })
  search?: string | null;
}

export const caseFilterSchema = z
  .object({
    province: provinceCode.nullish(),
    status: z.enum(CaseStatus).nullish(),
    ringId: idOf('DrugRing').nullish(),
    owningAgency: agencyCode.nullish(),
    openedFrom: z.date().nullish(),
    openedTo: z.date().nullish(),
    search: searchText.nullish(),
  })
  .refine((f) => !f.openedFrom || !f.openedTo || f.openedFrom <= f.openedTo, {
    path: ['openedTo'],
    message: 'must not be before openedFrom',
  });

export type CaseFilterValues = z.infer<typeof caseFilterSchema>;
