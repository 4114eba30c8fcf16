import { Directive, Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

import { AUTHENTICATED } from '../directives.js';

/** A police agency that owns cases and makes arrests (e.g. `GS-NB`, Gansu narcotics bureau). */
@Entity({ name: 'agencies' })
@ObjectType({ description: 'A police agency that owns cases and makes arrests.' })
export class Agency {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  @Field(() => String, { description: 'Agency code, e.g. GS-NB.' })
  code!: string;

  @Column({ type: 'text' })
  @Field(() => String)
  name!: string;

  @Column({ type: 'varchar', length: 8 })
  @Field(() => String, { description: 'Province code (ISO 3166-2:CN subdivision, e.g. GS).' })
  province!: string;

  @Column({ type: 'text' })
  @Field(() => String, { description: 'How other agencies reach the owner of a record.' })
  @Directive(AUTHENTICATED)
  contact!: string;
}
