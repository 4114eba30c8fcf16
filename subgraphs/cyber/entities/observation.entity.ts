import {
  Field,
  GraphQLISODateTime,
  ID,
  ObjectType,
  Directive,
  registerEnumType,
} from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

import { ObservationKind } from '../../../schema/intel-item.js';
import { CYBER_READ } from '../directives.js';

export { ObservationKind };
registerEnumType(ObservationKind, {
  name: 'ObservationKind',
  valuesConfig: {
    LIVE_DRUG_USE: { description: 'Drugs taken live on webcam.' },
    SALE_OFFER: { description: 'Drugs offered for sale.' },
    PRICE_QUOTE: { description: 'A price named for a quantity.' },
    PAYMENT_DETAILS: { description: 'An account, wallet or QR code to pay into.' },
  },
});

/** What an officer saw in a room, when, with the hash of the evidence kept. */
@Entity({ name: 'observations' })
@ObjectType({ description: 'What an officer saw in a room.' })
export class Observation {
  @PrimaryGeneratedColumn('identity', { type: 'integer', generatedIdentity: 'BY DEFAULT' })
  @Field(() => ID)
  id!: number;

  @Column({ name: 'pushed_by', type: 'varchar', length: 32 })
  @Field(() => String, {
    description:
      'The agency that pushed it; source and externalId are unique within its namespace.',
  })
  pushedBy!: string;

  @Column({ type: 'varchar', length: 64 })
  @Field(() => String)
  source!: string;

  @Column({ name: 'external_id', type: 'varchar', length: 128 })
  @Field(() => String)
  externalId!: string;

  @Column({ name: 'room_id', type: 'integer' })
  roomId!: number;

  @Column({ type: 'timestamptz', precision: 3 })
  @Field(() => GraphQLISODateTime)
  at!: Date;

  @Column({ type: 'varchar', length: 24 })
  @Field(() => ObservationKind)
  kind!: ObservationKind;

  @Column({ type: 'text' })
  @Field(() => String)
  summary!: string;

  @Column({ name: 'evidence_hash', type: 'char', length: 64 })
  @Field(() => String, { description: 'SHA-256 (hex) of the evidence file kept by the division.' })
  @Directive(CYBER_READ)
  evidenceHash!: string;

  @Column({ name: 'reporting_officer', type: 'varchar', length: 64 })
  @Field(() => String)
  @Directive(CYBER_READ)
  reportingOfficer!: string;
}
