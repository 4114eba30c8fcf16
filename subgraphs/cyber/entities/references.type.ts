import { Directive, Field, ID, ObjectType } from 'type-graphql';

import { KEY_BY_ID } from '../directives.js';

/** The narcotics subgraph's `Person`, extended here with the handles linked to it. */
@Directive(KEY_BY_ID)
@ObjectType('Person')
export class PersonRef {
  @Field(() => ID)
  id!: string;
}

/** The narcotics subgraph's `Case`, extended here with the chat rooms linked to it. */
@Directive(KEY_BY_ID)
@ObjectType('Case')
export class CaseRef {
  @Field(() => ID)
  id!: string;
}

/** A reference the gateway resolves in the subgraph that owns the entity. */
export function caseReference(caseId: number): CaseRef & { __typename: 'Case' } {
  return { __typename: 'Case', id: String(caseId) };
}

export function personReference(personId: number): PersonRef & { __typename: 'Person' } {
  return { __typename: 'Person', id: String(personId) };
}
