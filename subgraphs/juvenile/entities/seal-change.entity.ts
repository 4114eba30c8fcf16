import { Field, GraphQLISODateTime, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

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
  @Field(() => String)
  reason!: string;

  @Column({ name: 'combined_sentence_months', type: 'integer' })
  @Field(() => Int, { description: "The person's combined sentence the decision weighed." })
  combinedSentenceMonths!: number;

  @Column({ name: 'changed_at', type: 'timestamptz', precision: 3 })
  @Field(() => GraphQLISODateTime)
  changedAt!: Date;

  @Column({ name: 'changed_by', type: 'text', nullable: true })
  changedBy!: string | null;

  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId!: string | null;
}
