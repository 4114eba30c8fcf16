import { Field, GraphQLISODateTime, ID, InputType } from 'type-graphql';
import { z } from 'zod';

import { idOf } from '../../kit/index.js';
import { Dissemination } from '../entities/case.entity.js';

import { caseNumber, pastInstant, text } from './common.js';

/** A new case; its owning agency and province are the caller's. */
@InputType({ description: "A new case; its owning agency and province are the caller's." })
export class OpenCaseInput {
  @Field(() => String, { description: 'New within your agency, e.g. ND-2026-0001.' })
  caseNumber!: string;

  @Field(() => String)
  title!: string;

  @Field(() => Dissemination, { description: 'Who may see the case.' })
  dissemination!: Dissemination;

  @Field(() => ID, { nullable: true, description: 'The drug ring the case is about.' })
  ringId?: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Defaults to now.' })
  openedAt?: Date | null;
}

export const openCaseSchema = z.object({
  caseNumber,
  title: text(200),
  dissemination: z.enum(Dissemination),
  ringId: idOf('DrugRing').nullish(),
  openedAt: pastInstant.nullish(),
});
