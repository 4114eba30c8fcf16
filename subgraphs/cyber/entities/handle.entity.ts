import { Directive, Field, GraphQLISODateTime, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

import { CYBER_READ, KEY_BY_ID } from '../directives.js';

/** A user name seen in one room, optionally linked to a person on record. */
@Directive(KEY_BY_ID)
@Directive(CYBER_READ)
@Entity({ name: 'handles' })
@ObjectType({ description: 'A user name seen in a chat room.' })
export class Handle {
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

  @Column({ type: 'varchar', length: 100 })
  @Field(() => String, { description: 'The user name as shown in the room.' })
  handle!: string;

  /** Narcotics `Person` id (another subgraph's record; no foreign key across databases). */
  @Column({ name: 'person_id', type: 'integer', nullable: true })
  personId!: number | null;

  @Column({ name: 'first_seen', type: 'timestamptz', precision: 3, nullable: true })
  @Field(() => GraphQLISODateTime, { nullable: true })
  firstSeen!: Date | null;
}
