import { Field, Float, Int, ObjectType } from 'type-graphql';

/** Seizures summed per drug type and province. */
@ObjectType({ description: 'Seizures summed per drug type and province.' })
export class SeizureTotal {
  @Field(() => String)
  drugType!: string;

  @Field(() => String)
  province!: string;

  @Field(() => Float)
  totalGrams!: number;

  @Field(() => Int, { description: 'Number of seizures summed.' })
  seizures!: number;
}
