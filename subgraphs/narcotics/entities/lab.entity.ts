import { Field, GraphQLISODateTime, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A drug-making plant run by a ring, possibly found in the course of a case. */
@Entity({ name: 'labs' })
@ObjectType({ description: 'A drug-making plant run by a ring.' })
export class Lab {
  @PrimaryGeneratedColumn('identity', { type: 'integer', generatedIdentity: 'BY DEFAULT' })
  @Field(() => ID)
  id!: number;

  @Column({ name: 'ring_id', type: 'integer' })
  ringId!: number;

  @Column({ name: 'case_id', type: 'integer', nullable: true })
  caseId!: number | null;

  @Column({ type: 'varchar', length: 8 })
  @Field(() => String)
  province!: string;

  @Column({ type: 'text' })
  @Field(() => String)
  city!: string;

  @Column({ name: 'discovered_at', type: 'timestamptz', precision: 3 })
  @Field(() => GraphQLISODateTime)
  discoveredAt!: Date;

  @Column({ type: 'boolean' })
  @Field(() => Boolean)
  dismantled!: boolean;
}
