import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

import { auditColumn as column, type AuditRow } from '../../../schema/audit-row.js';
import { ASSUMED_LIST_SIZE, listSize } from '../../kit/index.js';
import { AUDIT_READ } from '../directives.js';

@ObjectType({ description: 'Who made a request.' })
export class AuditPrincipal {
  @Field(() => String, { nullable: true })
  sub!: string | null;

  @Field(() => String, { nullable: true })
  agency!: string | null;

  @Field(() => String, { nullable: true })
  province!: string | null;

  @Field(() => [String])
  @Directive(listSize(ASSUMED_LIST_SIZE))
  roles!: string[];

  @Field(() => [String], { description: 'The scopes the request ran with.' })
  @Directive(listSize(ASSUMED_LIST_SIZE))
  scopes!: string[];
}

@ObjectType({ description: 'A field the gateway withheld, and why.' })
export class DeniedFieldRecord {
  @Field(() => String, {
    description: 'Response path, e.g. cases.edges.0.node.suspects.1.person.nationalId',
  })
  path!: string;

  @Field(() => String, { description: 'Schema coordinate, e.g. Person.nationalId' })
  coordinate!: string;

  @Field(() => String)
  reason!: string;
}

@ObjectType({ description: 'A sensitive record a request returned.' })
export class AccessedRecordRef {
  @Field(() => String)
  type!: string;

  @Field(() => ID)
  id!: string;
}

/**
 * One gateway request, as the append-only, hash-chained audit trail holds it. Column names come
 * from the row's contract (schema/audit-row.ts), so a column the contract lacks cannot compile.
 */
@Directive(AUDIT_READ)
@ObjectType('AccessLogEntry')
@Entity({ name: 'access_log' })
export class AccessLogEntry {
  /** Position in the chain (exposed as `id`). */
  @PrimaryColumn({ name: column('seq'), type: 'bigint' })
  seq!: string;

  @Field(() => Date)
  @PrimaryColumn({ name: column('at'), type: 'timestamptz' })
  at!: Date;

  @Field(() => String, { description: "The hub's own id of the request (unique)." })
  @Column({ name: column('request_id'), type: 'text' })
  requestId!: string;

  @Field(() => String, {
    nullable: true,
    description: "The client's x-request-id, kept beside the hub's id.",
  })
  @Column({ name: column('client_request_id'), type: 'text', nullable: true })
  clientRequestId!: string | null;

  @Column({ name: column('sub'), type: 'text', nullable: true })
  sub!: string | null;

  @Column({ name: column('agency'), type: 'text', nullable: true })
  agency!: string | null;

  @Column({ name: column('province'), type: 'text', nullable: true })
  province!: string | null;

  @Column({ name: column('roles'), type: 'text', array: true })
  roles!: string[];

  @Column({ name: column('scopes'), type: 'text', array: true })
  scopes!: string[];

  @Field(() => String, { nullable: true })
  @Column({ name: column('purpose'), type: 'text', nullable: true })
  purpose!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: column('purpose_reference'), type: 'text', nullable: true })
  purposeReference!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: column('client_address'), type: 'text', nullable: true })
  clientAddress!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: column('operation_name'), type: 'text', nullable: true })
  operationName!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: column('operation_type'), type: 'text', nullable: true })
  operationType!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: column('document_hash'), type: 'text', nullable: true })
  documentHash!: string | null;

  /** Ids, enums, numbers, booleans as sent; every other value a keyed hash (schema/audit-row.ts). */
  @Column({ name: column('variables'), type: 'jsonb', nullable: true })
  variables!: unknown;

  @Column({ name: column('value_hashes'), type: 'text', array: true })
  valueHashes!: string[];

  @Field(() => [String])
  @Column({ name: column('fields_requested'), type: 'text', array: true })
  @Directive(listSize(ASSUMED_LIST_SIZE))
  fieldsRequested!: string[];

  @Column({ name: column('fields_denied'), type: 'jsonb' })
  deniedRaw!: AuditRow['fields_denied'];

  @Column({ name: column('records_accessed'), type: 'jsonb' })
  recordsRaw!: AuditRow['records_accessed'];

  @Field(() => String, {
    description:
      'OK, PARTIAL, DENIED or ERROR; PENDING for the write-ahead record a mutation commits ' +
      'before it runs (its final record, with the same requestId, follows).',
  })
  @Column({ name: column('outcome'), type: 'text' })
  outcome!: string;

  @Field(() => Int)
  @Column({ name: column('http_status'), type: 'integer' })
  httpStatus!: number;

  @Field(() => Float)
  @Column({
    name: column('duration_ms'),
    type: 'numeric',
    transformer: { to: (v: number) => v, from: (v: string) => Number(v) },
  })
  durationMs!: number;

  @Field(() => [String])
  @Column({ name: column('error_codes'), type: 'text', array: true })
  @Directive(listSize(ASSUMED_LIST_SIZE))
  errorCodes!: string[];

  @Field(() => String)
  @Column({ name: column('prev_hash'), type: 'text' })
  prevHash!: string;

  @Field(() => String)
  @Column({ name: column('hash'), type: 'text' })
  hash!: string;
}

@ObjectType({ description: 'State of the audit chain.' })
export class AuditIntegrity {
  @Field(() => Boolean)
  verified!: boolean;

  @Field(() => Int, { description: 'Records in the chain' })
  length!: number;

  @Field(() => String)
  headHash!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The first altered, removed or reordered record',
  })
  firstBrokenId!: string | null;

  @Field(() => String, { nullable: true })
  problem!: string | null;
}

@ObjectType({ description: 'Requests per hour and outcome, for charts.' })
export class AccessLogCount {
  @Field(() => Date)
  hour!: Date;

  @Field(() => String)
  outcome!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType({ description: 'Requests of one agency that were refused or had fields withheld.' })
export class AgencyDenialCount {
  @Field(() => String, { nullable: true, description: "The caller's agency (none: no caller)" })
  agency!: string | null;

  @Field(() => Int, { description: 'Requests refused outright (DENIED)' })
  denied!: number;

  @Field(() => Int, { description: 'Requests answered with fields withheld (PARTIAL)' })
  partial!: number;
}

@ObjectType({ description: 'Reads of records of one type in one week, for charts.' })
export class WeeklyRecordReads {
  @Field(() => Date, { description: 'Start of the week (Monday, UTC)' })
  week!: Date;

  @Field(() => Int, { description: 'Requests that returned such a record' })
  requests!: number;

  @Field(() => Int, { description: 'Records of the type returned, summed over those requests' })
  records!: number;
}
