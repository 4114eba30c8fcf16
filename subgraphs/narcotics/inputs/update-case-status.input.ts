import { Field, ID, InputType } from 'type-graphql';
import { z } from 'zod';

import { idOf } from '../../kit/index.js';
import { CaseStatus } from '../entities/case.entity.js';

/** Moves a case along; closing stamps `closedAt`, reopening clears it. */
@InputType({ description: 'Moves a case along; closing stamps closedAt, reopening clears it.' })
export class UpdateCaseStatusInput {
  @Field(() => ID)
  caseId!: string;

  @Field(() => CaseStatus)
  status!: CaseStatus;
}

export const updateCaseStatusSchema = z.object({
  caseId: idOf('Case'),
  status: z.enum(CaseStatus),
});
