import { DateResolver } from 'graphql-scalars';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn, VirtualColumn } from 'typeorm';

import { PERSON_NAME, KEY_BY_ID, PII_READ } from '../directives.js';
import { identityProtected } from '../repositories/identity.sql.js';

export enum Gender {
  FEMALE = 'FEMALE',
  MALE = 'MALE',
  UNKNOWN = 'UNKNOWN',
}
registerEnumType(Gender, { name: 'Gender' });

/** What the schema says of a field that is masked when the identity is protected. */
const MASKED_WHEN = 'masked (see identityMasked)';

/**
 * A person on record (suspect, arrestee). This subgraph owns the federated `Person` entity. The
 * identity fields are masked by age alone (rules.ts, minors' identity), from the database's
 * verdict read with every row, and applied by the person field resolvers.
 */
@Directive(KEY_BY_ID)
@Entity({ name: 'persons' })
@ObjectType({ description: 'A person on record; other subgraphs extend it by id.' })
export class Person {
  @PrimaryGeneratedColumn('identity', { type: 'integer', generatedIdentity: 'BY DEFAULT' })
  @Field(() => ID)
  id!: number;

  @Column({ name: 'full_name', type: 'text' })
  @Field(() => String, { description: `Initials (e.g. "Z. W.") when ${MASKED_WHEN}.` })
  @Directive(PERSON_NAME)
  fullName!: string;

  @Column({ type: 'varchar', length: 16 })
  @Field(() => Gender)
  gender!: Gender;

  /** `YYYY-MM-DD` (PostgreSQL `date`, read as a string: no time zone to shift it). */
  @Column({ name: 'date_of_birth', type: 'date', nullable: true })
  @Field(() => DateResolver, {
    nullable: true,
    description: `Null when unknown, or when ${MASKED_WHEN}; then only birthYear shows.`,
  })
  @Directive(PII_READ)
  dateOfBirth!: string | null;

  @Column({ name: 'national_id', type: 'varchar', length: 18, nullable: true })
  @Field(() => String, {
    nullable: true,
    description: `Resident identity card number; "***" when ${MASKED_WHEN}.`,
  })
  @Directive(PII_READ)
  nationalId!: string | null;

  /**
   * The database's verdict for this caller (repositories/identity.sql.ts): a minor today, of
   * unknown age, or a suspect in a case the caller sees that opened while a minor. Absent on a
   * row not read from the database: rules.ts then masks.
   */
  @VirtualColumn({
    type: 'boolean',
    query: (alias) => `SELECT ${identityProtected(alias)}`,
  })
  identityProtected?: boolean | null;
}
