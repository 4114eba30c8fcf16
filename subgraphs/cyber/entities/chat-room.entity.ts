import { Directive, Field, GraphQLISODateTime, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

import { CYBER_READ, KEY_BY_ID } from '../directives.js';

import { timeOfDay } from './time-of-day.js';

/** A video chat room found on a platform; other subgraphs reach it by id. */
@Directive(KEY_BY_ID)
@Directive(CYBER_READ)
@Entity({ name: 'chat_rooms' })
@ObjectType({ description: 'A video chat room where drugs were offered or taken on webcam.' })
export class ChatRoom {
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
  @Field(() => String, {
    description: "The pusher's name for the feed it came from, e.g. gs-cyber.",
  })
  source!: string;

  @Column({ name: 'external_id', type: 'varchar', length: 128 })
  @Field(() => String, { description: "The pusher's id of the record." })
  externalId!: string;

  @Column({ name: 'platform_code', type: 'varchar', length: 32 })
  platformCode!: string;

  @Column({ name: 'external_room_id', type: 'varchar', length: 128 })
  @Field(() => String, { description: "The room's own id (or number) on its platform." })
  externalRoomId!: string;

  @Column({ type: 'text' })
  @Field(() => String)
  title!: string;

  @Column({ type: 'varchar', length: 64 })
  @Field(() => String)
  city!: string;

  @Column({ type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Most people the room admits, when known.' })
  capacity!: number | null;

  @Column({ name: 'member_count', type: 'integer' })
  @Field(() => Int)
  memberCount!: number;

  @Column({ name: 'active_from', type: 'time', nullable: true, transformer: timeOfDay })
  @Field(() => String, {
    nullable: true,
    description: 'Start of the daily active window, HH:MM China Standard Time.',
  })
  activeFrom!: string | null;

  @Column({ name: 'active_to', type: 'time', nullable: true, transformer: timeOfDay })
  @Field(() => String, {
    nullable: true,
    description:
      'End of the daily active window (HH:MM); before activeFrom when it crosses midnight.',
  })
  activeTo!: string | null;

  @Column({ name: 'invite_only', type: 'boolean' })
  @Field(() => Boolean, { description: 'Newcomers get in only when introduced.' })
  inviteOnly!: boolean;

  @Column({ name: 'first_seen', type: 'timestamptz', precision: 3 })
  @Field(() => GraphQLISODateTime)
  firstSeen!: Date;

  @Column({ name: 'last_seen', type: 'timestamptz', precision: 3 })
  @Field(() => GraphQLISODateTime)
  lastSeen!: Date;
}
