import { DateResolver } from 'graphql-scalars';
import { Arg, Ctx, Directive, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';

import {
  validateInput,
  type Connection,
  listSize,
  PAGE_SIZED_BY_FIRST,
  ASSUMED_LIST_SIZE,
  DEFAULT_PAGE_SIZE,
} from '../../kit/index.js';
import { NARCOTICS_READ, PII_READ } from '../directives.js';
import { Arrest } from '../entities/arrest.entity.js';
import { CaseSuspect } from '../entities/case-suspect.entity.js';
import { PersonConnection } from '../entities/connections.type.js';
import { Person } from '../entities/person.entity.js';
import { personSearchSchema } from '../inputs/search.input.js';
import type { NarcoticsContext } from '../loaders.js';
import { listPersons } from '../repositories/person.repository.js';
import { identityOf, personListing, type Identity } from '../rules.js';

/** The identity fields of `person` as the caller may see them (rules.ts decides). */
function identity(person: Person, context: NarcoticsContext): Identity {
  return identityOf(person, context.hub.principal);
}

/**
 * Person queries, a person's narcotics record (needs `narcotics:read` from any path), and the
 * identity fields, masked by age (rules.ts) on every path that returns a Person.
 */
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
      'id, in name order. Without juvenile:read, a search matches only persons whose identity ' +
      'you see whole; a list without a search shows everyone, masked where protected, in ' +
      'order of initials (what you see of everyone), then id.',
  })
  @Directive(NARCOTICS_READ)
  @Directive(PAGE_SIZED_BY_FIRST)
  async persons(
    @Arg('search', () => String, { nullable: true }) search: string | null | undefined,
    @Arg('first', () => Int, { nullable: true, defaultValue: DEFAULT_PAGE_SIZE })
    first: number | null | undefined,
    @Arg('after', () => String, { nullable: true }) after: string | null | undefined,
    @Ctx() { scope, hub }: NarcoticsContext,
  ): Promise<Connection<Person>> {
    const values = validateInput(personSearchSchema, { search });
    return listPersons(
      await scope.manager(),
      values.search,
      scope.page(first, after),
      personListing(hub.principal, Boolean(values.search)),
    );
  }

  @FieldResolver(() => String)
  fullName(@Root() person: Person, @Ctx() context: NarcoticsContext): string {
    return identity(person, context).fullName;
  }

  @FieldResolver(() => String, { nullable: true })
  nationalId(@Root() person: Person, @Ctx() context: NarcoticsContext): string | null {
    return identity(person, context).nationalId;
  }

  @FieldResolver(() => DateResolver, { nullable: true })
  dateOfBirth(@Root() person: Person, @Ctx() context: NarcoticsContext): string | null {
    return identity(person, context).dateOfBirth;
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: 'Year of birth; shown even when the identity is masked. Null when unknown.',
  })
  @Directive(PII_READ)
  birthYear(@Root() person: Person): number | null {
    return person.dateOfBirth === null ? null : Number(person.dateOfBirth.slice(0, 4));
  }

  @FieldResolver(() => Boolean, {
    description:
      'True when fullName, nationalId and dateOfBirth are masked for you: you do not hold ' +
      'juvenile:read, and the person is under 18, of unknown age, or a suspect in a case you ' +
      'see that was opened while they were under 18.',
  })
  identityMasked(@Root() person: Person, @Ctx() context: NarcoticsContext): boolean {
    return identity(person, context).masked;
  }

  @FieldResolver(() => [CaseSuspect], {
    description: 'The cases you may see in full that the person is a suspect in.',
  })
  @Directive(NARCOTICS_READ)
  @Directive(listSize(ASSUMED_LIST_SIZE))
  suspectIn(@Root() person: Person, @Ctx() { loaders }: NarcoticsContext): Promise<CaseSuspect[]> {
    return loaders.suspectsByPerson.load(person.id);
  }

  @FieldResolver(() => [Arrest], {
    description: 'Arrests of the person in cases you may see in full.',
  })
  @Directive(NARCOTICS_READ)
  @Directive(listSize(ASSUMED_LIST_SIZE))
  arrests(@Root() person: Person, @Ctx() { loaders }: NarcoticsContext): Promise<Arrest[]> {
    return loaders.arrestsByPerson.load(person.id);
  }
}
