import { Field, ID, InputType } from 'type-graphql';
import { z } from 'zod';

import { OUTCOMES } from '../../../schema/audit-row.js';

@InputType({ description: 'All given conditions must hold.' })
export class AccessLogFilter {
  @Field(() => String, { nullable: true, description: 'Officer (token subject)' })
  officer?: string;

  @Field(() => String, { nullable: true })
  agency?: string;

  @Field(() => String, { nullable: true })
  province?: string;

  @Field(() => String, {
    nullable: true,
    description: 'Type of a record accessed, e.g. JuvenileRecord',
  })
  recordType?: string;

  @Field(() => ID, { nullable: true, description: 'Id of a record accessed (with recordType)' })
  recordId?: string;

  @Field(() => String, { nullable: true })
  operationName?: string;

  @Field(() => String, { nullable: true, description: 'e.g. JUDICIAL' })
  purpose?: string;

  @Field(() => String, {
    nullable: true,
    description: "The purpose's reference, e.g. a court order or case number",
  })
  purposeReference?: string;

  @Field(() => String, { nullable: true, description: 'OK, PARTIAL, DENIED, ERROR or PENDING' })
  outcome?: string;

  @Field(() => String, {
    nullable: true,
    description: "The hub's request id, or the client's x-request-id",
  })
  requestId?: string;

  @Field(() => String, { nullable: true })
  clientAddress?: string;

  @Field(() => String, {
    nullable: true,
    description: 'A schema coordinate that was denied, e.g. Person.nationalId',
  })
  deniedField?: string;

  @Field(() => String, {
    nullable: true,
    description:
      'A value some request sent as a variable (a name, a national id, a search term): ' +
      'matched by its keyed hash, so "who searched for X?" is answered without the trail ' +
      'holding X.',
  })
  variableValue?: string;

  @Field(() => Date, { nullable: true })
  from?: Date;

  @Field(() => Date, { nullable: true })
  to?: Date;
}

export const accessLogFilterSchema = z
  .object({
    officer: z.string().max(200).nullish(),
    agency: z.string().max(64).nullish(),
    province: z.string().max(64).nullish(),
    recordType: z.string().max(64).nullish(),
    recordId: z.string().max(64).nullish(),
    operationName: z.string().max(200).nullish(),
    purpose: z.string().max(32).nullish(),
    purposeReference: z.string().max(200).nullish(),
    outcome: z.enum(OUTCOMES).nullish(),
    requestId: z.string().max(128).nullish(),
    clientAddress: z.string().max(64).nullish(),
    deniedField: z.string().max(200).nullish(),
    variableValue: z.string().max(100_000).nullish(),
    from: z.date().nullish(),
    to: z.date().nullish(),
  })
  .refine((f) => !f.recordId || f.recordType, {
    message: 'recordId needs recordType',
    path: ['recordId'],
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, {
    message: 'from must not be after to',
    path: ['from'],
  });

export type AccessLogFilterValues = z.infer<typeof accessLogFilterSchema>;
