import { Directive, Field, ID, ObjectType } from 'type-graphql';

import { KEY_BY_ID, KEY_BY_ID_UNRESOLVABLE } from '../directives.js';

/** The narcotics subgraph's `Person`, extended here with juvenile records and the marker. */
@Directive(KEY_BY_ID)
@ObjectType('Person')
export class PersonRef {
  @Field(() => ID)
  id!: string;
}

/** The narcotics subgraph's `Case`, which a record may point at (resolved there). */
@Directive(KEY_BY_ID_UNRESOLVABLE)
@ObjectType('Case')
export class CaseRef {
  @Field(() => ID)
  id!: string;
}

export function personReference(personId: number): PersonRef & { __typename: 'Person' } {
  return { __typename: 'Person', id: String(personId) };
}

export function caseReference(caseId: number): CaseRef & { __typename: 'Case' } {
  return { __typename: 'Case', id: String(caseId) };
}
