import { Field, ObjectType } from 'type-graphql';

import { JuvenileRecord } from './juvenile-record.entity.js';

const ANSWER =
  'What a juvenile write (a judicial act) answers. It is the same whatever the sealing law ' +
  'decided, unless you may read sealed records (juvenile:sealed with purpose JUDICIAL and a ' +
  'reference): only then does it carry the record.';

/** The answer of a juvenile write (rules.ts `writeAnswer` decides what it holds). */
@ObjectType({ description: ANSWER })
export class JuvenileWriteResult {
  @Field(() => JuvenileRecord, {
    nullable: true,
    description:
      'The record as it stands after the write, sealed or not, if you may read sealed ' +
      'records; null for every other caller, whatever the law decided.',
  })
  record!: JuvenileRecord | null;
}
