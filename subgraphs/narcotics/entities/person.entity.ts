import { DateResolver } from 'graphql-scalars';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

import { KEY_BY_ID, PII_READ } from '../directives.js';

export enum Gender {
  FEMALE = 'FEMALE',
  MALE = 'MALE',
  UNKNOWN = 'UNKNOWN',
}
registerEnumType(Gender, { name: 'Gender' });

/** A person on record (suspect, arrestee). This subgraph owns the federated `Person` entity. */
@Directive(KEY_BY_ID)
@Entity({ name: 'persons' })
@ObjectType({ description: 'A person on record; other subgraphs extend it by id.' })
export class Person {
  @PrimaryGeneratedColumn('identity', { type: 'integer', generatedIdentity: 'BY DEFAULT' })
  @Field(() => ID)
  id!: number;

  @Column({ name: 'full_name', type: 'text' })
  @Field(() => String)
  fullName!: string;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => Gender)
  gender!: Gender;

  /** `YYYY-MM-DD` (PostgreSQL `date`, read as a string: no time zone to shift it). */
  @Column({ name: 'date_of_birth', type: 'date', nullable: true })
  @Field(() => DateResolver, { nullable: true })
  @Directive(PII_READ)
  dateOfBirth!: string | null;

  @Column({ name: 'national_id', type: 'varchar', length: 18, nullable: true })
  @Field(() => String, { nullable: true, description: 'Resident identity card number.' })
  @Directive(PII_READ)
  nationalId!: string | null;
}
