import { Directive, Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@ObjectType({ description: 'Who made a request.' })
export class AuditPrincipal {
  @Field(() => String, { nullable: true })
  sub!: string | null;

  @Field(() => String, { nullable: true })
  agency!: string | null;

  @Field(() => String, { nullable: true })
  province!: string | null;

  @Field(() => [String])
  roles!: string[];

  @Field(() => [String], { description: 'The scopes the request ran with.' })
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

/** One gateway request, as the append-only, hash-chained audit trail holds it. */
@Directive('@requiresScopes(scopes: [["audit:read"]])')
@ObjectType('AccessLogEntry')
@Entity({ name: 'access_log' })
export class AccessLogEntry {
  /** Position in the chain (exposed as `id`). */
  @PrimaryColumn({ type: 'bigint' })
  seq!: string;

  @Field(() => Date)
  @PrimaryColumn({ type: 'timestamptz' })
  at!: Date;

  @Field(() => String, { description: "The hub's own id of the request (unique)." })
  @Column({ name: 'request_id', type: 'text' })
  requestId!: string;

  @Field(() => String, {
    nullable: true,
    description: "The client's x-request-id, kept beside the hub's id.",
  })
  @Column({ name: 'client_request_id', type: 'text', nullable: true })
  clientRequestId!: string | null;

  @Column({ type: 'text', nullable: true })
  sub!: string | null;

  @Column({ type: 'text', nullable: true })
  agency!: string | null;

  @Column({ type: 'text', nullable: true })
  province!: string | null;

  @Column({ type: 'text', array: true })
  roles!: string[];

  @Column({ type: 'text', array: true })
  scopes!: string[];

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  purpose!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'purpose_reference', type: 'text', nullable: true })
  purposeReference!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'client_address', type: 'text', nullable: true })
  clientAddress!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'operation_name', type: 'text', nullable: true })
  operationName!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'operation_type', type: 'text', nullable: true })
  operationType!: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'document_hash', type: 'text', nullable: true })
  documentHash!: string | null;

  /** Ids, enums, numbers, booleans as sent; every other value a keyed hash (schema/audit-row.ts). */
  @Column({ type: 'jsonb', nullable: true })
  variables!: unknown;

  @Column({ name: 'value_hashes', type: 'text', array: true })
  valueHashes!: string[];

  @Field(() => [String])
  @Column({ name: 'fields_requested', type: 'text', array: true })
  fieldsRequested!: string[];

  @Column({ name: 'fields_denied', type: 'jsonb' })
  deniedRaw!: { path: (string | number)[]; coordinate: string; reason: string }[];

  @Column({ name: 'records_accessed', type: 'jsonb' })
  recordsRaw!: { type: string; id: string }[];

  @Field(() => String, {
    description:
      'OK, PARTIAL, DENIED or ERROR; PENDING for the write-ahead record a mutation commits ' +
      'before it runs (its final record, with the same requestId, follows).',
  })
  @Column({ type: 'text' })
  outcome!: string;

  @Field(() => Int)
  @Column({ name: 'http_status', type: 'integer' })
  httpStatus!: number;

  @Field(() => Float)
  @Column({
    name: 'duration_ms',
    type: 'numeric',
    transformer: { to: (v: number) => v, from: (v: string) => Number(v) },
  })
  durationMs!: number;

  @Field(() => [String])
  @Column({ name: 'error_codes', type: 'text', array: true })
  errorCodes!: string[];

  @Field(() => String)
  @Column({ name: 'prev_hash', type: 'text' })
  prevHash!: string;

  @Field(() => String)
  @Column({ type: 'text' })
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
