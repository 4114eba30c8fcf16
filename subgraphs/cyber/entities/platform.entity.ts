import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An internet platform hosting video chat rooms; known by a short code. */
@Entity({ name: 'platforms' })
@ObjectType({ description: 'An internet platform hosting video chat rooms.' })
export class Platform {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  @Field(() => String, { description: 'Short lower-case code, e.g. "nightowl".' })
  code!: string;

  @Column({ type: 'text' })
  @Field(() => String)
  name!: string;
}
