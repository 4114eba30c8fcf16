import { DateResolver } from 'graphql-scalars';
import {
  Directive,
  Field,
  GraphQLISODateTime,
  ID,
  Int,
  ObjectType,
  UseMiddleware,
} from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

import {
  JUDICIAL_PURPOSE,
  JUVENILE_READ,
  KEY_BY_ID,
  PII_READ,
  SEALED_READ,
} from '../directives.js';
import { reportSealedRead } from '../rules.js';

/** Written by the database (the sealing law, a generated column, a default), never by us. */
const DATABASE_WRITES = { insert: false, update: false } as const;

/**
 * The record of an offence committed under 18. Sealed records exist only for judicial callers
 * (row-level security); the person and case are references to the narcotics subgraph.
 */
@Directive(KEY_BY_ID)
@Directive(JUVENILE_READ)
@UseMiddleware(reportSealedRead)
@Entity({ name: 'juvenile_records' })
@ObjectType({
  description:
    'The record of an offence committed under 18. A sealed record is visible only to ' +
    'juvenile:sealed callers with purpose JUDICIAL and a reference.',
})
export class JuvenileRecord {
  @PrimaryGeneratedColumn('identity', { type: 'integer', generatedIdentity: 'BY DEFAULT' })
  @Field(() => ID)
  id!: number;

  /** The narcotics subgraph's Person id. */
  @Column({ name: 'person_id', type: 'integer', update: false })
  personId!: number;

  /** The narcotics subgraph's Case id. */
  @Column({ name: 'case_id', type: 'integer', nullable: true, update: false })
  caseId!: number | null;

  @Column({ name: 'date_of_birth', type: 'date', update: false })
  @Field(() => DateResolver, {
    description: "The offender's date of birth as the juvenile officer recorded it.",
  })
  @Directive(PII_READ)
  dateOfBirth!: string;

  @Column({ name: 'offence_date', type: 'date', update: false })
  @Field(() => DateResolver)
  offenceDate!: string;

  @Column({ name: 'age_at_offence', type: 'smallint', ...DATABASE_WRITES })
  @Field(() => Int, { description: 'Whole years of age on the offence date.' })
  ageAtOffence!: number;

  @Column({ type: 'text', update: false })
  @Field(() => String)
  offence!: string;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true, description: 'Null until a disposition is recorded.' })
  disposition!: string | null;

  @Column({ name: 'sentence_months', type: 'integer', nullable: true })
  @Field(() => Int, {
    nullable: true,
    description: 'Months of the sentence (0 when not custodial); null until decided.',
  })
  sentenceMonths!: number | null;

  @Column({ type: 'boolean', ...DATABASE_WRITES })
  @Field(() => Boolean)
  sealed!: boolean;

  @Column({
    name: 'seal_changed_at',
    type: 'timestamptz',
    precision: 3,
    nullable: true,
    ...DATABASE_WRITES,
  })
  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When the record was last sealed or unsealed (or first assessed).',
  })
  sealChangedAt!: Date | null;

  /** Names the combined sentence, so it tells of every record of the person (rules.ts). */
  @Column({ name: 'seal_reason', type: 'text', nullable: true, ...DATABASE_WRITES })
  @Field(() => String, {
    nullable: true,
    description:
      "Why the record is (or is not) sealed, with the combined sentence of all the person's " +
      'records: for juvenile:sealed callers with purpose JUDICIAL and a reference only.',
  })
  @Directive(SEALED_READ)
  @Directive(JUDICIAL_PURPOSE)
  sealReason!: string | null;

  @Column({ name: 'guardian_name', type: 'text', nullable: true, update: false })
  @Field(() => String, { nullable: true })
  guardianName!: string | null;

  @Column({ name: 'guardian_contact', type: 'text', nullable: true, update: false })
  @Field(() => String, { nullable: true, description: "The guardian's phone or address." })
  @Directive(PII_READ)
  guardianContact!: string | null;

  @Column({ type: 'text', nullable: true, update: false })
  @Field(() => String, { nullable: true, description: 'School at the time of the offence.' })
  school!: string | null;

  @Column({ name: 'recorded_at', type: 'timestamptz', precision: 3, ...DATABASE_WRITES })
  @Field(() => GraphQLISODateTime)
  recordedAt!: Date;

  @Column({ name: 'recorded_by', type: 'text', update: false })
  recordedBy!: string;
}
