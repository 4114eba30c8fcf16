import { Ctx, Directive, FieldResolver, Resolver, Root } from 'type-graphql';

import { INACCESSIBLE, JUVENILE_READ } from '../directives.js';
import { JuvenileRecord } from '../entities/juvenile-record.entity.js';
import { PersonRef } from '../entities/references.type.js';
import type { JuvenileContext } from '../loaders.js';

/** What the juvenile subgraph adds to the narcotics `Person`. */
@Resolver(() => PersonRef)
export class PersonResolver {
  @FieldResolver(() => [JuvenileRecord], {
    description: "The person's juvenile records you may see, newest offence first.",
  })
  @Directive(JUVENILE_READ)
  juvenileRecords(
    @Root() person: PersonRef,
    @Ctx() { loaders }: JuvenileContext,
  ): Promise<JuvenileRecord[]> {
    return loaders.recordsByPerson.load(person.id);
  }

  /**
   * For the query planner only (`@inaccessible`): the narcotics subgraph `@requires` it to mask
   * the identity of a person who has a sealed record (or is under 18 by a juvenile record).
   * Answered the same for every caller, as one bit, without revealing any record.
   */
  @FieldResolver(() => Boolean, {
    description: 'True when the person has a sealed juvenile record or is a minor on record.',
  })
  @Directive(INACCESSIBLE)
  async identityProtected(
    @Root() person: PersonRef,
    @Ctx() { loaders }: JuvenileContext,
  ): Promise<boolean> {
    const marker = await loaders.identityProtection.load(person.id);
    return marker?.protected ?? false;
  }
}
