import { Directive, Field, GraphQLISODateTime, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

import { JUDICIAL_PURPOSE, SEALED_READ } from '../directives.js';

/**
 * These weigh every record of the person, sealed ones included (rules.ts): nullable, so a caller
 * refused them still gets the rest of the history.
 */
const WEIGHS_ALL = 'For juvenile:sealed callers with purpose JUDICIAL and a reference only.';

/** One decision of the sealing law about one record (append-only; written by the database). */
@Entity({ name: 'seal_changes' })
@ObjectType({ description: 'A record being sealed or unsealed, when and why.' })
export class SealChange {
  @PrimaryGeneratedColumn('identity', { type: 'integer', generatedIdentity: 'ALWAYS' })
  id!: number;

  @Column({ name: 'record_id', type: 'integer' })
  recordId!: number;

  @Column({ type: 'boolean' })
  @Field(() => Boolean, { description: 'Whether the record was sealed by this change.' })
  sealed!: boolean;

  @Column({ type: 'text' })
  @Field(() => String, {
    nullable: true,
    description: `Why, naming the combined sentence. ${WEIGHS_ALL}`,
  })
  @Directive(SEALED_READ)
  @Directive(JUDICIAL_PURPOSE)
  reason!: string;

  @Column({ name: 'combined_sentence_months', type: 'integer' })
  @Field(() => Int, {
    nullable: true,
    description: `The combined sentence of all the person's records, which the law weighed. ${WEIGHS_ALL}`,
  })
  @Directive(SEALED_READ)
  @Directive(JUDICIAL_PURPOSE)
  combinedSentenceMonths!: number;

  @Column({ name: 'changed_at', type: 'timestamptz', precision: 3 })
  @Field(() => GraphQLISODateTime)
  changedAt!: Date;

  @Column({ name: 'changed_by', type: 'text', nullable: true })
  changedBy!: string | null;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId!: string | null;
}
