/** Person lists and writes. */
import type { EntityManager } from 'typeorm';

import { paginate, prefixTsQuery, type Connection, type Page } from '../../kit/index.js';
import { Person } from '../entities/person.entity.js';
import type { NewPersonValues } from '../inputs/add-suspect.input.js';
import type { PersonListing } from '../rules.js';

import { identityProtected } from './identity.sql.js';
import { insertedId } from './record.repository.js';

const NATIONAL_ID = /^[0-9]{17}[0-9X]$/i;

/** The database's verdict on a person row (what the entity's virtual column reads). */
const PROTECTED = identityProtected('p');

/** Keyset orders: each has an index whose columns match it (persons_name_order_idx, …initials…). */
const ORDERS: Readonly<Record<PersonListing['order'], { columns: string[]; ofCursor: string }>> = {
  name: {
    columns: ['p.full_name', 'p.id'],
    ofCursor: 'SELECT k.full_name, k.id FROM narcotics.persons k WHERE k.id = :afterId',
  },
  initials: {
    columns: ['narcotics.initials(p.full_name)', 'p.id'],
    ofCursor:
      'SELECT narcotics.initials(k.full_name), k.id FROM narcotics.persons k WHERE k.id = :afterId',
  },
};

/**
 * Persons by name (every word a prefix of a word of the name, case-insensitive) or by exact
 * national id, keyset-paged with cursors that name the row (a cursor must not carry a name).
 * `listing` (rules.ts `personListing`) says whether a search may match protected identities and
 * which order to use.
 */
export function listPersons(
  manager: EntityManager,
  search: string | null | undefined,
  page: Page,
  listing: PersonListing,
): Promise<Connection<Person>> {
  const query = manager.getRepository(Person).createQueryBuilder('p');
  if (search) {
    // The matches come from the name's text index and the national-id index (the function's
    // migration says why it is a function); what the caller sees of them is decided here.
    query.where('p.id = ANY (ARRAY(SELECT narcotics.persons_matching(:terms, :nationalId)))', {
      terms: prefixTsQuery(search),
      nationalId:
        listing.matchesNationalId && NATIONAL_ID.test(search) ? search.toUpperCase() : null,
    });
    if (listing.searchSkipsProtected) {
      query.andWhere(`NOT ${PROTECTED}`);
    }
  }
  const order = ORDERS[listing.order];
  return paginate(query, page, {
    columns: order.columns,
    keyOfCursorRow: order.ofCursor,
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

/** Whether any person holds `nationalId` (the answer names nobody: see addSuspect). */
/**
 * Whether `nationalId` is on record as the caller's search sees persons (`skipsProtected`:
 * a person whose identity the caller sees masked does not count). Holds a transaction-scoped
 * lock on the id, so two writers of one id are serialized until the first commits.
 */
export async function nationalIdOnRecord(
  manager: EntityManager,
  nationalId: string,
  skipsProtected: boolean,
): Promise<boolean> {
  await manager.query(
    `SELECT pg_advisory_xact_lock(hashtext('narcotics.national_id'), hashtext($1))`,
    [nationalId],
  );
  const [row] = (await manager.query(
    `SELECT EXISTS (SELECT 1 FROM narcotics.persons p
       WHERE p.national_id = $1 ${skipsProtected ? `AND NOT ${PROTECTED}` : ''}) AS found`,
    [nationalId],
  )) as { found: boolean }[];
  return row?.found === true;
}
