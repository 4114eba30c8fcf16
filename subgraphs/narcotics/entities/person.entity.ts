import { DateResolver } from 'graphql-scalars';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

import {
  PERSON_NAME,
  EXTERNAL,
  KEY_BY_ID,
  PII_READ,
  REQUIRES_IDENTITY_MARKER,
} from '../directives.js';

export enum Gender {
  FEMALE = 'FEMALE',
  MALE = 'MALE',
  UNKNOWN = 'UNKNOWN',
}
registerEnumType(Gender, { name: 'Gender' });

/**
 * A person on record (suspect, arrestee). This subgraph owns the federated `Person` entity. The
 * identity fields are masked for minors and persons with a sealed juvenile record (rules.ts
 * `identityOf`, applied by the person field resolvers), with the juvenile subgraph's marker.
 */
@Directive(KEY_BY_ID)
@Entity({ name: 'persons' })
@ObjectType({ description: 'A person on record; other subgraphs extend it by id.' })
export class Person {
  @PrimaryGeneratedColumn('identity', { type: 'integer', generatedIdentity: 'BY DEFAULT' })
  @Field(() => ID)
  id!: number;

  @Column({ name: 'full_name', type: 'text' })
  @Field(() => String, {
    description:
      'Initials (e.g. "Z. W.") when the identity is masked: a minor, or a person with a sealed ' +
      'juvenile record, shown to a caller without juvenile:read (see identityMasked).',
  })
  @Directive(PERSON_NAME)
  @Directive(REQUIRES_IDENTITY_MARKER)
  fullName!: string;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => Gender)
  gender!: Gender;

  /** `YYYY-MM-DD` (PostgreSQL `date`, read as a string: no time zone to shift it). */
  @Column({ name: 'date_of_birth', type: 'date', nullable: true })
  @Field(() => DateResolver, {
    nullable: true,
    description: 'Null when unknown, or when the identity is masked (then only birthYear shows).',
  })
  @Directive(PII_READ)
  @Directive(REQUIRES_IDENTITY_MARKER)
  dateOfBirth!: string | null;

  @Column({ name: 'national_id', type: 'varchar', length: 18, nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'Resident identity card number; "***" when the identity is masked.',
  })
  @Directive(PII_READ)
  @Directive(REQUIRES_IDENTITY_MARKER)
  nationalId!: string | null;

  /**
   * The juvenile subgraph's marker (a sealed record, or a minor by a juvenile record), which the
   * gateway passes in `_entities` representations (absent: treated as protected). Not a column.
   */
  @Field(() => Boolean)
  @Directive(EXTERNAL)
  identityProtected?: boolean;
}
