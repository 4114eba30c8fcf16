import { Arg, Ctx, Directive, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';

import { validateInput, type Connection } from '../../kit/index.js';
import { NARCOTICS_READ } from '../directives.js';
import { Arrest } from '../entities/arrest.entity.js';
import { CaseSuspect } from '../entities/case-suspect.entity.js';
import { PersonConnection } from '../entities/connections.type.js';
import { Person } from '../entities/person.entity.js';
import { personSearchSchema } from '../inputs/search.input.js';
import type { NarcoticsContext } from '../loaders.js';
import { listPersons } from '../repositories/person.repository.js';

/** Person queries and a person's narcotics record (needs `narcotics:read` from any path). */
@Resolver(() => Person)
export class PersonResolver {
  @Query(() => Person, { nullable: true, description: 'A person by id; null when there is none.' })
  @Directive(NARCOTICS_READ)
  person(
    @Arg('id', () => ID) id: string,
    @Ctx() { loaders }: NarcoticsContext,
  ): Promise<Person | null> {
    return loaders.personById.load(id);
  }

  @Query(() => PersonConnection, {
    description:
      'Persons by name (each word a prefix of a word of the name, any case) or exact national ' +
      'id, in name order.',
  })
  @Directive(NARCOTICS_READ)
  async persons(
    @Arg('search', () => String, { nullable: true }) search: string | null | undefined,
    @Arg('first', () => Int, { nullable: true }) first: number | null | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | null | undefined,
    @Ctx() { scope }: NarcoticsContext,
  ): Promise<Connection<Person>> {
    const values = validateInput(personSearchSchema, { search });
    return listPersons(await scope.manager(), values.search, { first, after });
  }

  @FieldResolver(() => [CaseSuspect], { description: 'The cases the person is a suspect in.' })
  @Directive(NARCOTICS_READ)
  suspectIn(@Root() person: Person, @Ctx() { loaders }: NarcoticsContext): Promise<CaseSuspect[]> {
    return loaders.suspectsByPerson.load(person.id);
  }

  @FieldResolver(() => [Arrest])
  @Directive(NARCOTICS_READ)
  arrests(@Root() person: Person, @Ctx() { loaders }: NarcoticsContext): Promise<Arrest[]> {
    return loaders.arrestsByPerson.load(person.id);
  }
}
