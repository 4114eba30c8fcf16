import {
  Directive,
  Field,
  GraphQLISODateTime,
  ID,
  ObjectType,
  registerEnumType,
} from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

import { KEY_BY_ID } from '../directives.js';

export enum CaseStatus {
  OPEN = 'OPEN',
  UNDER_INVESTIGATION = 'UNDER_INVESTIGATION',
  CLOSED = 'CLOSED',
}
registerEnumType(CaseStatus, { name: 'CaseStatus' });

/** Who may see a case, after NIEM's `IncidentDisseminationLevelCode` (DESIGN §6). */
export enum Dissemination {
  GREEN = 'GREEN',
  YELLOW = 'YELLOW',
  RED = 'RED',
}
registerEnumType(Dissemination, {
  name: 'Dissemination',
  valuesConfig: {
    GREEN: { description: 'Every agency sees the full record.' },
    YELLOW: { description: 'Other agencies see only a pointer and must ask the owner.' },
    RED: { description: 'Only the owning agency sees the record at all.' },
  },
});

/** A narcotics case, owned by one agency. */
@Directive(KEY_BY_ID)
@Entity({ name: 'cases' })
@ObjectType({ description: 'A narcotics case, owned by one agency.' })
export class Case {
  @PrimaryGeneratedColumn('identity', { type: 'integer', generatedIdentity: 'BY DEFAULT' })
  @Field(() => ID)
  id!: number;

  @Column({ name: 'case_number', type: 'varchar', length: 32 })
  @Field(() => String, { description: 'Unique case number, e.g. ND-2026-0001.' })
  caseNumber!: string;

  @Column({ type: 'text' })
  @Field(() => String)
  title!: string;

  @Column({ type: 'varchar', length: 24 })
  @Field(() => CaseStatus)
  status!: CaseStatus;

  @Column({ type: 'varchar', length: 8 })
  @Field(() => String, { description: 'Province code of the owning agency.' })
  province!: string;

  @Column({ type: 'varchar', length: 8 })
  @Field(() => Dissemination)
  dissemination!: Dissemination;

  @Column({ name: 'owning_agency_code', type: 'varchar', length: 32 })
  owningAgencyCode!: string;

  @Column({ name: 'ring_id', type: 'integer', nullable: true })
  ringId!: number | null;

  @Column({ name: 'opened_at', type: 'timestamptz', precision: 3 })
  @Field(() => GraphQLISODateTime)
  openedAt!: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', precision: 3, nullable: true })
  @Field(() => GraphQLISODateTime, { nullable: true })
  closedAt!: Date | null;
}
