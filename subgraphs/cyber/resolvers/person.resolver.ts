import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';

import { ASSUMED_LIST_SIZE, listSize } from '../../kit/index.js';
import { CYBER_READ } from '../directives.js';
import { Handle } from '../entities/handle.entity.js';
import { PersonRef } from '../entities/references.type.js';
import type { CyberContext } from '../loaders.js';

/** The narcotics `Person`, extended with the handles identified as that person. */
@Resolver(() => PersonRef)
export class PersonHandlesResolver {
  @FieldResolver(() => [Handle], { description: 'Chat room handles identified as this person.' })
  @Directive(CYBER_READ)
  @Directive(listSize(ASSUMED_LIST_SIZE))
  handles(@Root() person: PersonRef, @Ctx() { loaders }: CyberContext): Promise<Handle[]> {
    return loaders.handlesByPerson.load(person.id);
  }
}
