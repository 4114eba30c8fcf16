/** Person lists and writes. */
import type { EntityManager } from 'typeorm';

import type { Connection } from '../../kit/index.js';
import { Person } from '../entities/person.entity.js';
import type { NewPersonValues } from '../inputs/add-suspect.input.js';

import { paginateAfterRow, type Page } from './keyset.js';
import { insertedId } from './record.repository.js';
import { prefixTsQuery } from './search.js';

const NATIONAL_ID = /^[0-9]{17}[0-9X]$/i;

/**
 * Persons by name (every word a prefix of a word of the name, case-insensitive) or by exact
 * national id, keyset-paged on (full_name, id) with cursors that name the row (a cursor must
 * not carry the name of a person whose identity is masked). With `excludeBornAfter`, a search
 * does not match persons born after that date (`YYYY-MM-DD`; rules.ts decides who and when).
 */
export function listPersons(
  manager: EntityManager,
  search: string | null | undefined,
  page: Page,
  excludeBornAfter?: string,
): Promise<Connection<Person>> {
  const query = manager.getRepository(Person).createQueryBuilder('p');
  if (search) {
    const byName = `to_tsvector('simple', p.full_name) @@ to_tsquery('simple', :terms)`;
    if (NATIONAL_ID.test(search)) {
      query.where(`(${byName} OR p.national_id = :nationalId)`, {
        terms: prefixTsQuery(search),
        nationalId: search.toUpperCase(),
      });
    } else {
      query.where(byName, { terms: prefixTsQuery(search) });
    }
    if (excludeBornAfter) {
      query.andWhere('(p.date_of_birth IS NULL OR p.date_of_birth <= CAST(:bornBy AS date))', {
        bornBy: excludeBornAfter,
      });
    }
  }
  return paginateAfterRow(query, page, {
    columns: ['p.full_name', 'p.id'],
    keyOfCursorRow: 'SELECT k.full_name, k.id FROM narcotics.persons k WHERE k.id = :afterId',
    direction: 'ASC',
  });
}

export async function insertPerson(
  manager: EntityManager,
  values: NewPersonValues,
): Promise<Person> {
  const row = manager.create(Person, {
    fullName: values.fullName,
    gender: values.gender,
    dateOfBirth: values.dateOfBirth ?? null,
    nationalId: values.nationalId ?? null,
  });
  const result = await manager.insert(Person, row);
  return { ...row, id: insertedId(result) };
}

export async function personIdByNationalId(
  manager: EntityManager,
  nationalId: string,
): Promise<number | undefined> {
  const found = await manager.findOne(Person, { select: { id: true }, where: { nationalId } });
  return found?.id;
}
