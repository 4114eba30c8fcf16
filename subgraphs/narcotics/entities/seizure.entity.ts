import { Field, Float, GraphQLISODateTime, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

import { numericColumn } from './numeric.transformer.js';

/** Drugs seized in a case. */
@Entity({ name: 'seizures' })
@ObjectType({ description: 'Drugs seized in a case.' })
export class Seizure {
  @PrimaryGeneratedColumn('identity', { type: 'integer', generatedIdentity: 'BY DEFAULT' })
  @Field(() => ID)
  id!: number;

  @Column({ name: 'case_id', type: 'integer' })
  caseId!: number;

  @Column({ name: 'drug_type', type: 'varchar', length: 60 })
  @Field(() => String, { description: 'e.g. Methamphetamine, Heroin, Ketamine.' })
  drugType!: string;

  @Column({
    name: 'weight_grams',
    type: 'numeric',
    precision: 12,
    scale: 3,
    transformer: numericColumn,
  })
  @Field(() => Float)
  weightGrams!: number;

  @Column({ name: 'seized_at', type: 'timestamptz', precision: 3 })
  @Field(() => GraphQLISODateTime)
  seizedAt!: Date;

  @Column({ type: 'text' })
  @Field(() => String)
  place!: string;

  @Column({ type: 'varchar', length: 8 })
  @Field(() => String)
  province!: string;
}
