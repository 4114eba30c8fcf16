import { Field, GraphQLISODateTime, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The arrest of a suspect in a case, by one agency. */
@Entity({ name: 'arrests' })
@ObjectType({ description: 'The arrest of a suspect in a case.' })
export class Arrest {
  @PrimaryGeneratedColumn('identity', { type: 'integer', generatedIdentity: 'BY DEFAULT' })
  @Field(() => ID)
  id!: number;

  @Column({ name: 'case_id', type: 'integer' })
  caseId!: number;

  @Column({ name: 'person_id', type: 'integer' })
  personId!: number;

  @Column({ name: 'arrested_at', type: 'timestamptz', precision: 3 })
  @Field(() => GraphQLISODateTime)
  arrestedAt!: Date;

  @Column({ type: 'varchar', length: 8 })
  @Field(() => String, { description: 'Province code where the arrest was made.' })
  province!: string;

  @Column({ name: 'arresting_agency_code', type: 'varchar', length: 32 })
  arrestingAgencyCode!: string;
}
