import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A drug-trafficking ring (gang) that cases and drug-making plants are linked to. */
@Entity({ name: 'drug_rings' })
@ObjectType({ description: 'A drug-trafficking ring.' })
export class DrugRing {
  @PrimaryGeneratedColumn('identity', { type: 'integer', generatedIdentity: 'BY DEFAULT' })
  @Field(() => ID)
  id!: number;

  @Column({ type: 'text' })
  @Field(() => String)
  name!: string;

  @Column({ type: 'varchar', length: 8 })
  @Field(() => String, { description: 'Province code where the ring mainly operates.' })
  province!: string;

  @Column({ type: 'text', nullable: true })
  @Field(() => String, { nullable: true })
  notes!: string | null;
}
