/**
 * Entities other subgraphs own, to which this subgraph adds the reference fields that point at
 * its own records (DESIGN §6: every reference is resolved by the owner of what it points at, so
 * row-level security here decides what is visible). Each carries the holder's foreign key as an
 * `@external` field the holder marks `@inaccessible`; the query planner fetches it there first
 * (`@requires`) and passes it in the `_entities` representation.
 */
import { Directive, Field, ID, ObjectType } from 'type-graphql';

import { databaseId } from '../../kit/index.js';
import { EXTERNAL, KEY_BY_ID, requiresScopes } from '../directives.js';

/** The cyber subgraph's chat room, with the ids of the cases it is tied to. */
@Directive(KEY_BY_ID)
@Directive(requiresScopes('cyber:read'))
@ObjectType('ChatRoom')
export class ChatRoomRef {
  @Field(() => ID)
  id!: string;

  @Field(() => [ID])
  @Directive(EXTERNAL)
  linkedCaseIds?: unknown;
}

/** The cyber subgraph's handle, with the id of the person it was linked to by a push. */
@Directive(KEY_BY_ID)
@Directive(requiresScopes('cyber:read'))
@ObjectType('Handle')
export class HandleRef {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { nullable: true })
  @Directive(EXTERNAL)
  personIdRef?: unknown;
}

/** The juvenile subgraph's record, with the ids of its offender and case. */
@Directive(KEY_BY_ID)
@Directive(requiresScopes('juvenile:read'))
@ObjectType('JuvenileRecord')
export class JuvenileRecordRef {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  @Directive(EXTERNAL)
  personIdRef?: unknown;

  @Field(() => ID, { nullable: true })
  @Directive(EXTERNAL)
  caseIdRef?: unknown;
}

/**
 * A foreign key as the representation carried it: the holder's database id of the record
 * (these fields never reach clients), or undefined when it cannot be one — no reference.
 */
export function foreignId(value: unknown): number | undefined {
  return databaseId(value);
}

/** A list of foreign keys as the representation carried it (fail closed: not a list, none). */
export function foreignIds(value: unknown): number[] {
  return Array.isArray(value)
    ? [...new Set(value.map(foreignId).filter((id): id is number => id !== undefined))]
    : [];
}
