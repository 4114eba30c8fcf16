import { Field, GraphQLISODateTime, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum SuspectRole {
  LEADER = 'LEADER',
  SELLER = 'SELLER',
  BUYER = 'BUYER',
  USER = 'USER',
  COURIER = 'COURIER',
  MANUFACTURER = 'MANUFACTURER',
  INTRODUCER = 'INTRODUCER',
}
registerEnumType(SuspectRole, {
  name: 'SuspectRole',
  valuesConfig: {
    INTRODUCER: { description: 'Brought newcomers into a chat room.' },
  },
});

/** A person's part in a case; a person is a suspect in a case at most once. */
@Entity({ name: 'case_suspects' })
@ObjectType({ description: "A person's part in a case." })
export class CaseSuspect {
  @PrimaryGeneratedColumn('identity', { type: 'integer', generatedIdentity: 'BY DEFAULT' })
  @Field(() => ID)
  id!: number;

  @Column({ name: 'case_id', type: 'integer' })
  caseId!: number;

  @Column({ name: 'person_id', type: 'integer' })
  personId!: number;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => SuspectRole)
  role!: SuspectRole;

  @Column({ name: 'added_at', type: 'timestamptz', precision: 3 })
  @Field(() => GraphQLISODateTime)
  addedAt!: Date;
}
