import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Which way a chain walks from the handle it starts at. */
export enum ChainDirection {
  UP = 'UP',
  DOWN = 'DOWN',
}
registerEnumType(ChainDirection, {
  name: 'ChainDirection',
  valuesConfig: {
    UP: { description: 'Towards who introduced the handle (and who introduced them, …).' },
    DOWN: { description: 'Towards whom the handle introduced (and whom they introduced, …).' },
  },
});

/** One handle vouching for another to get into a room; as a link of an introduction chain. */
@Entity({ name: 'introductions' })
@ObjectType({ description: 'An introducer handle let a newcomer handle into a room.' })
export class Introduction {
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

  @Column({ name: 'introducer_id', type: 'integer' })
  introducerId!: number;

  @Column({ name: 'newcomer_id', type: 'integer' })
  newcomerId!: number;

  @Column({ name: 'room_id', type: 'integer' })
  roomId!: number;

  @Column({ type: 'timestamptz', precision: 3 })
  @Field(() => GraphQLISODateTime)
  at!: Date;

  @Field(() => Int, { description: 'Steps from the handle the chain starts at (1 = direct).' })
  depth!: number;

  @Field(() => ChainDirection)
  direction!: ChainDirection;

  @Field(() => Boolean, {
    description: 'This introduction leads back to a handle already on the path (a cycle).',
  })
  closesCycle!: boolean;
}
