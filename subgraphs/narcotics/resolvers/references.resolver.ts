import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';

import { ASSUMED_LIST_SIZE, listSize } from '../../kit/index.js';
import { NARCOTICS_READ } from '../directives.js';
import { Case } from '../entities/case.entity.js';
import { Person } from '../entities/person.entity.js';
import {
  ChatRoomRef,
  foreignId,
  foreignIds,
  HandleRef,
  JuvenileRecordRef,
} from '../entities/references.type.js';
import type { NarcoticsContext } from '../loaders.js';
import { compareAsShown } from '../rules.js';

/*
 * The references other subgraphs hold to cases and persons, resolved here by the owner: through
 * the same row-level-secured loaders as `case(id)` and `person(id)`, and needing what those
 * need (narcotics:read). A case the caller may not see, or a case or person that does not exist
 * (a push may name any id), is absent: left out of a list, null for a single reference — never
 * an id, a null inside a list or an error. A YELLOW case of another agency is its pointer, as
 * everywhere (rules.ts).
 */

const requires = (fields: string) => `@requires(fields: "${fields}")`;

async function visibleCase(context: NarcoticsContext, id: unknown): Promise<Case | null> {
  const key = foreignId(id);
  return key === undefined ? null : context.loaders.caseById.load(key);
}

async function visiblePerson(context: NarcoticsContext, id: unknown): Promise<Person | null> {
  const key = foreignId(id);
  return key === undefined ? null : context.loaders.personById.load(key);
}

@Resolver(() => ChatRoomRef)
export class ChatRoomCasesResolver {
  @FieldResolver(() => [Case], {
    description:
      'Narcotics cases the room is tied to, those you may see (a restricted case as its ' +
      'pointer), in the order of Query.cases.',
  })
  @Directive(requires('linkedCaseIds'))
  @Directive(NARCOTICS_READ)
  @Directive(listSize(ASSUMED_LIST_SIZE))
  async linkedCases(@Root() room: ChatRoomRef, @Ctx() context: NarcoticsContext): Promise<Case[]> {
    const found = await context.loaders.caseById.loadMany(foreignIds(room.linkedCaseIds));
    return found
      .filter((row): row is Case => row !== null && !(row instanceof Error))
      .sort(compareAsShown);
  }
}

@Resolver(() => HandleRef)
export class HandlePersonResolver {
  @FieldResolver(() => Person, {
    nullable: true,
    description: 'The person on record the handle was identified as; null when none is.',
  })
  @Directive(requires('personIdRef'))
  @Directive(NARCOTICS_READ)
  person(@Root() handle: HandleRef, @Ctx() context: NarcoticsContext): Promise<Person | null> {
    return visiblePerson(context, handle.personIdRef);
  }
}

@Resolver(() => JuvenileRecordRef)
export class JuvenileRecordReferencesResolver {
  @FieldResolver(() => Person, {
    nullable: true,
    description: 'The offender (a narcotics Person); null when not on record.',
  })
  @Directive(requires('personIdRef'))
  @Directive(NARCOTICS_READ)
  person(
    @Root() record: JuvenileRecordRef,
    @Ctx() context: NarcoticsContext,
  ): Promise<Person | null> {
    return visiblePerson(context, record.personIdRef);
  }

  @FieldResolver(() => Case, {
    nullable: true,
    description:
      'The narcotics case, when there is one you may see (a restricted one as its pointer).',
  })
  @Directive(requires('caseIdRef'))
  @Directive(NARCOTICS_READ)
  case(@Root() record: JuvenileRecordRef, @Ctx() context: NarcoticsContext): Promise<Case | null> {
    return visibleCase(context, record.caseIdRef);
  }
}
