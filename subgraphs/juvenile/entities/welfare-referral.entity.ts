import { DateResolver } from 'graphql-scalars';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export enum WelfareService {
  COUNSELLING = 'COUNSELLING',
  DRUG_TREATMENT = 'DRUG_TREATMENT',
  EDUCATION = 'EDUCATION',
  FAMILY_SUPPORT = 'FAMILY_SUPPORT',
  MENTORING = 'MENTORING',
  HOUSING = 'HOUSING',
}
registerEnumType(WelfareService, { name: 'WelfareService' });

/** A referral of the young offender to a welfare service, attached to one record. */
@Entity({ name: 'welfare_referrals' })
@ObjectType({ description: 'A referral of the young offender to a welfare service.' })
export class WelfareReferral {
  @PrimaryGeneratedColumn('identity', { type: 'integer', generatedIdentity: 'BY DEFAULT' })
  @Field(() => ID)
  id!: number;

  @Column({ name: 'record_id', type: 'integer' })
  recordId!: number;

  @Column({ type: 'varchar', length: 24 })
  @Field(() => WelfareService)
  service!: WelfareService;

  @Column({ type: 'text' })
  @Field(() => String, { description: 'Who provides the service.' })
  provider!: string;

  @Column({ name: 'referred_on', type: 'date' })
  @Field(() => DateResolver)
  referredOn!: string;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  notes!: string | null;

  @Column({ name: 'referred_by', type: 'text' })
  referredBy!: string;
}
