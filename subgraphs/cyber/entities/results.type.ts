import { Directive, Field, Int, ObjectType } from 'type-graphql';

import { MAX_PUSH_ITEMS } from '../../../schema/intel-item.js';
import { listSize } from '../../kit/index.js';

/** Why one pushed item was not written. */
@ObjectType({ description: 'Why one pushed item was not written.' })
export class PushError {
  @Field(() => Int, { description: 'Position of the item in the pushed list (from 0).' })
  index!: number;

  @Field(() => String, { description: 'BAD_USER_INPUT or NOT_FOUND (an unknown reference).' })
  code!: string;

  @Field(() => String)
  message!: string;
}

/** What a push did, item by item. */
@ObjectType({ description: 'What a push did: every item is accepted, a duplicate or rejected.' })
export class PushResult {
  @Field(() => Int, { description: 'Items written now.' })
  accepted!: number;

  @Field(() => Int, { description: 'Items already on record (same source and externalId).' })
  duplicates!: number;

  @Field(() => Int)
  rejected!: number;

  @Field(() => [PushError])
  @Directive(listSize(MAX_PUSH_ITEMS))
  errors!: PushError[];
}

/** Observations in one hour of the day. */
@ObjectType({ description: 'Observations made in one hour of the day (China Standard Time).' })
export class HourActivity {
  @Field(() => Int, { description: '0–23.' })
  hour!: number;

  @Field(() => Int)
  observations!: number;
}
