import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';

import { ASSUMED_LIST_SIZE, listSize } from '../../kit/index.js';
import { JUVENILE_READ } from '../directives.js';
import { JuvenileRecord } from '../entities/juvenile-record.entity.js';
import { PersonRef } from '../entities/references.type.js';
import type { JuvenileContext } from '../loaders.js';

/**
 * What the juvenile subgraph adds to the narcotics `Person`: the records, for juvenile:read only.
 * Nothing else: a person's identity is masked by age in the narcotics subgraph, which never asks
 * here, so no request that reads a Person pays a hop to this subgraph unless it asks for records.
 */
@Resolver(() => PersonRef)
export class PersonResolver {
  @FieldResolver(() => [JuvenileRecord], {
    description: "The person's juvenile records you may see, newest offence first.",
  })
  @Directive(JUVENILE_READ)
  @Directive(listSize(ASSUMED_LIST_SIZE))
  juvenileRecords(
    @Root() person: PersonRef,
    @Ctx() { loaders }: JuvenileContext,
  ): Promise<JuvenileRecord[]> {
    return loaders.recordsByPerson.load(person.id);
  }
}
