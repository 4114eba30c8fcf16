/*
 * Seeds agree across subgraphs (issue 12, finding 7): a person's date of birth is one date
 * everywhere — the narcotics person, the national id that encodes it, and every juvenile record
 * of the same person id — in both profiles; and the juvenile seed still makes what its tests
 * and demos need (offences at 14–17 by that real birth date, a sealed/unsealed mix, minors).
 */
import { ageAt } from '../subgraphs/juvenile/rules.js';
import { generateJuvenileRecords } from '../subgraphs/juvenile/seed/index.js';
import type { SeedProfile } from '../subgraphs/kit/index.js';
import { generateDataset } from '../subgraphs/narcotics/seed/index.js';
import { SCALES } from '../subgraphs/narcotics/seed/scale.js';

/** The ids the narcotics seed gets from empty tables' identity sequences: 1..count. */
const fromOne = (count: number) => Array.from({ length: count }, (_, i) => i + 1);

function seeds(profile: SeedProfile) {
  const scale = SCALES[profile];
  const narcotics = generateDataset(profile, {
    persons: fromOne(scale.persons),
    rings: fromOne(scale.rings),
    cases: fromOne(scale.cases),
  });
  return { narcotics, juvenile: generateJuvenileRecords(profile, 1), scale };
}

describe.each(['demo', 'article'] as const)('the %s seeds', (profile) => {
  const { narcotics, juvenile, scale } = seeds(profile);
  const persons = new Map(narcotics.persons.map((person) => [person.id, person]));

  it('give every juvenile subject the date of birth narcotics and the national id give', () => {
    expect(juvenile.length).toBeGreaterThan(0);
    const disagreements = juvenile.flatMap((record) => {
      const person = persons.get(record.personId);
      const encoded = person?.nationalId?.slice(6, 14);
      const born = record.dateOfBirth.replaceAll('-', '');
      return person?.dateOfBirth === record.dateOfBirth && encoded === born
        ? []
        : [
            {
              record: record.id,
              person: record.personId,
              juvenile: record.dateOfBirth,
              ...{ narcotics: person?.dateOfBirth, nationalId: person?.nationalId },
            },
          ];
    });
    expect(disagreements).toEqual([]);
  });

  it('encode each narcotics person’s date of birth in their national id', () => {
    const wrong = narcotics.persons.filter(
      (person) =>
        (person.dateOfBirth === null) !== (person.nationalId === null) ||
        (person.nationalId !== null &&
          person.nationalId.slice(6, 14) !== person.dateOfBirth?.replaceAll('-', '')),
    );
    expect(wrong).toEqual([]);
  });

  it('record offences committed at 14 to 17 by that date of birth, in cases that exist', () => {
    const ages = new Set(juvenile.map((record) => ageAt(record.dateOfBirth, record.offenceDate)));
    expect([...ages].sort()).toEqual([14, 15, 16, 17]);
    const cases = juvenile.flatMap((record) => (record.caseId === null ? [] : [record.caseId]));
    expect(cases.every((id) => id >= 1 && id <= scale.cases)).toBe(true);
  });

  it('still make a sealed/unsealed mix, and subjects both minors and adults by now', () => {
    const months = new Map<number, number>();
    for (const record of juvenile) {
      months.set(
        record.personId,
        (months.get(record.personId) ?? 0) + (record.sentenceMonths ?? 0),
      );
    }
    const combined = [...months.values()];
    expect(combined.filter((total) => total > 60).length).toBeGreaterThanOrEqual(2);
    expect(combined.filter((total) => total <= 60).length).toBeGreaterThan(combined.length / 2);
    // Minors at the campaign's end (fixed, so the test does not age with the clock).
    const minors = [...months.keys()].filter(
      (id) => ageAt(persons.get(id)?.dateOfBirth as string, '2026-08-28') < 18,
    );
    expect(minors.length).toBeGreaterThan(0);
    expect(minors.length).toBeLessThan(months.size);
  });
});
