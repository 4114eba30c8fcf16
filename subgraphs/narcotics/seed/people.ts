/** Synthetic persons, their parts in cases, and arrests. */
import { seedDateOfBirth, type Random, type SeedProfile } from '../../kit/index.js';
import { SuspectRole } from '../entities/case-suspect.entity.js';
import { Gender } from '../entities/person.entity.js';

import type { ArrestRow, CaseRow, PersonRow, SuspectRow } from './rows.js';
import { addDays, CAMPAIGN_END, earliest, latest } from './scale.js';
import { GIVEN_SYLLABLES, SURNAMES, type AgencySeed } from './vocabulary.js';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

function nameOf(random: Random): string {
  const syllables = random.chance(0.7) ? 2 : 1;
  const given = Array.from({ length: syllables }, () => random.pick(GIVEN_SYLLABLES)).join('');
  return `${random.pick(SURNAMES)} ${given.charAt(0).toUpperCase()}${given.slice(1)}`;
}

/**
 * An 18-character id in the national format whose region code starts with 99, which no real
 * region has: visibly synthetic, valid check digit, unique, gender in the 17th digit's parity.
 */
function nationalIdFactory(): (province: number, birth: string, gender: Gender) => string {
  const used = new Map<string, number>();
  return (province, birth, gender) => {
    const prefix = `99${String(10 + province).padStart(2, '0')}00${birth.replaceAll('-', '')}`;
    const next = used.get(prefix) ?? 0;
    used.set(prefix, next + 1);
    const sequence = next * 2 + (gender === Gender.MALE ? 1 : 0);
    const body = `${prefix}${String(sequence % 1000).padStart(3, '0')}`;
    const sum = ID_WEIGHTS.reduce((total, weight, i) => total + weight * Number(body[i]), 0);
    return `${body}${ID_CHECK[sum % 11]}`;
  };
}

/**
 * The persons, each born on the date the kit's {@link seedDateOfBirth} gives their id, which
 * is the date every other subgraph's seed states for them (the juvenile records' included).
 */
export function makePersons(
  random: Random,
  profile: SeedProfile,
  ids: readonly number[],
  provinceOf: (index: number) => number,
): PersonRow[] {
  const nationalId = nationalIdFactory();
  return ids.map((id, i) => {
    const gender = random.weighted({
      [Gender.MALE]: 78,
      [Gender.FEMALE]: 20,
      [Gender.UNKNOWN]: 2,
    });
    const dateOfBirth = seedDateOfBirth(profile, id);
    if (dateOfBirth === null) {
      return { id, fullName: nameOf(random), gender, dateOfBirth: null, nationalId: null };
    }
    return {
      id,
      fullName: nameOf(random),
      gender,
      dateOfBirth,
      nationalId: nationalId(provinceOf(i), dateOfBirth, gender),
    };
  });
}

const ROLES = {
  [SuspectRole.USER]: 30,
  [SuspectRole.BUYER]: 20,
  [SuspectRole.SELLER]: 20,
  [SuspectRole.COURIER]: 12,
  [SuspectRole.INTRODUCER]: 12,
  [SuspectRole.MANUFACTURER]: 3,
};

/**
 * Which case each person is (first) a suspect in: the first `firstCaseSuspects` persons in
 * ND-2026-0001, then one per remaining case so none is empty, the rest at random (cases about
 * a ring twice as likely).
 */
export function assignCases(
  random: Random,
  persons: number,
  cases: readonly CaseRow[],
  firstCaseSuspects: number,
): number[] {
  const weighted = cases.flatMap((row, i) => (row.ringId === null ? [i] : [i, i]));
  return Array.from({ length: persons }, (_, i) => {
    if (i < firstCaseSuspects) {
      return 0;
    }
    const fill = i - firstCaseSuspects + 1;
    return fill < cases.length ? fill : random.pick(weighted);
  });
}

/** One suspect row per person in their case (leaders first), plus a few second cases. */
export function makeSuspects(
  random: Random,
  persons: readonly PersonRow[],
  caseIndexOf: readonly number[],
  cases: readonly CaseRow[],
): SuspectRow[] {
  const seen = new Set<number>();
  const rows: SuspectRow[] = persons.map((person, i) => {
    const row = cases[caseIndexOf[i] as number] as CaseRow;
    const first = !seen.has(row.id);
    seen.add(row.id);
    const role = first
      ? row.ringId === null
        ? SuspectRole.SELLER
        : SuspectRole.LEADER
      : random.weighted(ROLES);
    return { caseId: row.id, personId: person.id, role, addedAt: joinedAt(random, row) };
  });
  persons.forEach((person, i) => {
    const other = random.pick(cases);
    if (random.chance(0.04) && other.id !== cases[caseIndexOf[i] as number]?.id) {
      rows.push({
        caseId: other.id,
        personId: person.id,
        role: random.pick([SuspectRole.BUYER, SuspectRole.USER, SuspectRole.INTRODUCER]),
        addedAt: joinedAt(random, other),
      });
    }
  });
  return rows;
}

function joinedAt(random: Random, row: CaseRow): Date {
  return latest(row.openedAt, earliest(addDays(row.openedAt, random.int(0, 20)), CAMPAIGN_END));
}

/**
 * `count` persons arrested, each once, in the case they are first a suspect in: all of
 * ND-2026-0001's first, then the others in shuffled order. Arrests happen at night (21:00-04:00
 * Beijing time), after the case opened and before it closed.
 */
export function makeArrests(
  random: Random,
  suspects: readonly SuspectRow[],
  count: number,
  firstCaseSuspects: number,
  cases: ReadonlyMap<number, CaseRow>,
  agencies: readonly AgencySeed[],
): ArrestRow[] {
  const persons = new Set(suspects.map((suspect) => suspect.personId)).size;
  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
  const order = [
    ...range(0, firstCaseSuspects),
    ...random.shuffle(range(firstCaseSuspects, persons)),
  ];
  return order.slice(0, count).map((index) => {
    const suspect = suspects[index] as SuspectRow;
    const row = cases.get(suspect.caseId) as CaseRow;
    const at = addDays(row.openedAt, random.int(1, 60));
    at.setUTCHours((random.int(21, 28) + 16) % 24, random.int(0, 59), 0, 0);
    const local = agencies.filter((agency) => agency.province === row.province);
    return {
      caseId: row.id,
      personId: suspect.personId,
      arrestedAt: latest(row.openedAt, earliest(at, row.closedAt ?? CAMPAIGN_END)),
      province: row.province,
      arrestingAgencyCode: random.chance(0.85) ? row.owningAgencyCode : random.pick(local).code,
    };
  });
}
