import { Directive, Field, ID, ObjectType } from 'type-graphql';

import { EXTERNAL, KEY_BY_ID } from '../directives.js';

/** The narcotics subgraph's `Person`, extended here with the handles linked to it. */
@Directive(KEY_BY_ID)
@ObjectType('Person')
export class PersonRef {
  @Field(() => ID)
  id!: string;
}

/**
 * The narcotics subgraph's `Case`, extended here with the chat rooms tied to it. `restricted` is
 * the narcotics verdict (true for a pointer), fetched there first by the query planner
 * (`@requires`) so that what hangs off a pointer is withheld here too (rules.ts).
 */
@Directive(KEY_BY_ID)
@ObjectType('Case')
export class CaseRef {
  @Field(() => ID)
  id!: string;

  @Field(() => Boolean)
  @Directive(EXTERNAL)
  restricted?: unknown;
}

/** A foreign key as this subgraph exposes it to the query planner (never to clients). */
export function foreignKey(id: number): string {
  return String(id);
}
