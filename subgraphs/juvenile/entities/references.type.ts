import { Directive, Field, ID, ObjectType } from 'type-graphql';

import { EXTERNAL, INACCESSIBLE, KEY_BY_ID } from '../directives.js';

/** Hidden from clients; the narcotics subgraph `@requires` it to resolve a reference it owns. */
export const PLANNER_ONLY = INACCESSIBLE;

/** The narcotics subgraph's `Person`, extended here with juvenile records and the marker. */
@Directive(KEY_BY_ID)
@ObjectType('Person')
export class PersonRef {
  @Field(() => ID)
  id!: string;
}

/**
 * The narcotics subgraph's `Case`, extended here with the juvenile records tied to it.
 * `restricted` is the narcotics verdict (true for a pointer), fetched there first by the query
 * planner (`@requires`), so that a pointer shows none of the records (DESIGN §6).
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

/** Whether a case shows what hangs off it: only an explicit "not restricted" does (fail closed). */
export function showsCaseContent(reference: Pick<CaseRef, 'restricted'>): boolean {
  return reference.restricted === false;
}

/** A foreign key as this subgraph exposes it to the query planner (never to clients). */
export function foreignKey(id: number): string {
  return String(id);
}
