import { DateResolver } from 'graphql-scalars';
import { Field, ID, InputType } from 'type-graphql';
import { z } from 'zod';

import { idOf } from '../../kit/index.js';
import { SuspectRole } from '../entities/case-suspect.entity.js';
import { Gender } from '../entities/person.entity.js';

import { nationalId, text } from './common.js';

/** Details of a person not yet on record. */
@InputType({ description: 'Details of a person not yet on record.' })
export class NewPersonInput {
  @Field(() => String)
  fullName!: string;

  @Field(() => Gender)
  gender!: Gender;

  @Field(() => DateResolver, { nullable: true })
  dateOfBirth?: Date | null;

  @Field(() => String, { nullable: true })
  nationalId?: string | null;
}

/** Adds a suspect to a case: an existing person (`personId`) or a new one (`person`). */
@InputType({
  description: 'Adds a suspect to a case: an existing person (personId) or a new one (person).',
})
export class AddSuspectInput {
  @Field(() => ID)
  caseId!: string;

  @Field(() => SuspectRole)
  role!: SuspectRole;

  @Field(() => ID, { nullable: true })
  personId?: string | null;

  @Field(() => NewPersonInput, { nullable: true })
  person?: NewPersonInput | null;
}

const EARLIEST_BIRTH = new Date('1900-01-01T00:00:00Z');

const newPersonSchema = z.object({
  fullName: text(100),
  gender: z.enum(Gender),
  dateOfBirth: z
    .date({ error: 'must be a date' })
    .refine((value) => value.getTime() <= Date.now(), 'must not be in the future')
    .refine((value) => value >= EARLIEST_BIRTH, 'must not be before 1900-01-01')
    .transform((value) => value.toISOString().slice(0, 10))
    .nullish(),
  nationalId: nationalId.nullish(),
});

export const addSuspectSchema = z
  .object({
    caseId: idOf('Case'),
    role: z.enum(SuspectRole),
    personId: idOf('Person').nullish(),
    person: newPersonSchema.nullish(),
  })
  .refine((input) => (input.personId == null) !== (input.person == null), {
    path: ['personId'],
    message: 'give exactly one of personId (a person on record) or person (a new one)',
  });

export type NewPersonValues = z.infer<typeof newPersonSchema>;
export type AddSuspectValues = z.infer<typeof addSuspectSchema>;
