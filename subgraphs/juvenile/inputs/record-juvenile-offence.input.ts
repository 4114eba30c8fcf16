import { DateResolver } from 'graphql-scalars';
import { Field, ID, InputType, Int } from 'type-graphql';
import { z } from 'zod';

import { idOf } from '../../kit/index.js';
import { AGE_OF_MAJORITY, ageAt, MIN_AGE_AT_OFFENCE } from '../rules.js';

import { pastDate, sentenceMonths, text } from './common.js';

/** A new or newly found offence of a person who was under 18 when committing it. */
@InputType({
  description: 'A new or newly found offence of a person who was under 18 when committing it.',
})
export class RecordJuvenileOffenceInput {
  @Field(() => ID, { description: 'The Person (narcotics subgraph) who committed it.' })
  personId!: string;

  @Field(() => DateResolver, { description: "The offender's date of birth." })
  dateOfBirth!: Date;

  @Field(() => ID, { nullable: true, description: 'The narcotics Case it belongs to.' })
  caseId?: string | null;

  @Field(() => String)
  offence!: string;

  @Field(() => DateResolver)
  offenceDate!: Date;

  @Field(() => String, { nullable: true, description: 'Given with sentenceMonths, or later.' })
  disposition?: string | null;

  @Field(() => Int, { nullable: true, description: 'Months; 0 when not custodial.' })
  sentenceMonths?: number | null;

  @Field(() => String, { nullable: true })
  guardianName?: string | null;

  @Field(() => String, { nullable: true })
  guardianContact?: string | null;

  @Field(() => String, { nullable: true })
  school?: string | null;
}

export const recordJuvenileOffenceSchema = z
  .object({
    personId: idOf('Person'),
    dateOfBirth: pastDate.refine((value) => value >= '1900-01-01', 'must not be before 1900-01-01'),
    caseId: idOf('Case').nullish(),
    offence: text(500),
    offenceDate: pastDate,
    disposition: text(500).nullish(),
    sentenceMonths: sentenceMonths.nullish(),
    guardianName: text(100).nullish(),
    guardianContact: text(200).nullish(),
    school: text(200).nullish(),
  })
  .superRefine((values, context) => {
    if (values.offenceDate < values.dateOfBirth) {
      context.addIssue({
        code: 'custom',
        path: ['offenceDate'],
        message: 'must not be before dateOfBirth',
      });
      return;
    }
    const age = ageAt(values.dateOfBirth, values.offenceDate);
    if (age >= AGE_OF_MAJORITY || age < MIN_AGE_AT_OFFENCE) {
      context.addIssue({
        code: 'custom',
        path: ['offenceDate'],
        message:
          `the offender was ${age} at the offence; juvenile records hold offences committed ` +
          `aged ${MIN_AGE_AT_OFFENCE} to ${AGE_OF_MAJORITY - 1}`,
      });
    }
    if ((values.disposition == null) !== (values.sentenceMonths == null)) {
      context.addIssue({
        code: 'custom',
        path: ['sentenceMonths'],
        message: 'must be given together with disposition (0 when not custodial)',
      });
    }
  });

export type RecordJuvenileOffenceValues = z.infer<typeof recordJuvenileOffenceSchema>;
