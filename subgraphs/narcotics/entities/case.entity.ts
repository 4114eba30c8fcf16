import {
  Directive,
  Field,
  GraphQLISODateTime,
  ID,
  ObjectType,
  registerEnumType,
  UseMiddleware,
} from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn, VirtualColumn } from 'typeorm';

import { KEY_BY_ID } from '../directives.js';
import { caseInFull } from '../repositories/identity.sql.js';
import { pointerFieldsOnly, WITHHELD_FROM_POINTERS } from '../rules.js';

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

/**
 * A narcotics case, owned by one agency. Row-level security decides which cases a caller sees
 * and which in full; a YELLOW case of another agency is a pointer whose fields other than those
 * of rules.ts `POINTER_FIELDS` are null (the middleware below, for every field of the type).
 */
@Directive(KEY_BY_ID)
@UseMiddleware(pointerFieldsOnly)
@Entity({ name: 'cases' })
@ObjectType({
  description:
    'A narcotics case, owned by one agency. A restricted case (YELLOW, of another agency) is a ' +
    'pointer: it shows only id, caseNumber, dissemination and owningAgency; ask the owner.',
})
export class Case {
  @PrimaryGeneratedColumn('identity', { type: 'integer', generatedIdentity: 'BY DEFAULT' })
  @Field(() => ID)
  id!: number;

  @Column({ name: 'case_number', type: 'varchar', length: 32 })
  @Field(() => String, {
    description: 'Unique within the owning agency (not across agencies), e.g. ND-2026-0001.',
  })
  caseNumber!: string;

  @Column({ type: 'text' })
  @Field(() => String, { nullable: true, description: WITHHELD_FROM_POINTERS })
  title!: string;

  @Column({ type: 'varchar', length: 24 })
  @Field(() => CaseStatus, { nullable: true, description: WITHHELD_FROM_POINTERS })
  status!: CaseStatus;

  @Column({ type: 'varchar', length: 8 })
  @Field(() => String, {
    nullable: true,
    description: `Province code of the owning agency. ${WITHHELD_FROM_POINTERS}`,
  })
  province!: string;

  @Column({ type: 'varchar', length: 8 })
  @Field(() => Dissemination)
  dissemination!: Dissemination;

  @Column({ name: 'owning_agency_code', type: 'varchar', length: 32 })
  owningAgencyCode!: string;

  @Column({ name: 'ring_id', type: 'integer', nullable: true })
  ringId!: number | null;

  @Column({ name: 'opened_at', type: 'timestamptz', precision: 3 })
  @Field(() => GraphQLISODateTime, { nullable: true, description: WITHHELD_FROM_POINTERS })
  openedAt!: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', precision: 3, nullable: true })
  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: `Null while open. ${WITHHELD_FROM_POINTERS}`,
  })
  closedAt!: Date | null;

  /**
   * The database's verdict: does the caller see this case in full (GREEN or their own)? Read
   * with every case row (`narcotics.case_in_full`, the function the row-level policies use, fed
   * the caller's agency as the gateway vouched for it).
   */
  @VirtualColumn({
    type: 'boolean',
    query: (alias) => `SELECT ${caseInFull(alias)}`,
  })
  inFull?: boolean | null;
}
