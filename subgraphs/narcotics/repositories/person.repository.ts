/** Person lists and writes. */
import type { EntityManager } from 'typeorm';

import { paginate, type Connection } from '../../kit/index.js';
import { Person } from '../entities/person.entity.js';
import type { NewPersonValues } from '../inputs/add-suspect.input.js';

import { insertedId } from './record.repository.js';
import { prefixTsQuery } from './search.js';

const NATIONAL_ID = /^[0-9]{17}[0-9X]$/i;

/**
 * Persons by name (every word a prefix of a word of the name, case-insensitive) or by exact
 * national id, keyset-paged on (full_name, id).
 */
export function listPersons(
  manager: EntityManager,
  search: string | null | undefined,
  page: { first?: number | null; after?: string | null },
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
  }
  return paginate(query, page, {
    columns: ['p.full_name', 'p.id'],
    valuesOf: (row) => [row.fullName, row.id],
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
