/**
 * Deterministic synthetic juvenile records (DESIGN §10): a fixed-seed PRNG, made-up guardians
 * and schools, offenders aged 14–17 at each offence, linked to the narcotics demo persons and
 * cases by id. The database's sealing trigger decides what is sealed, as for any other write.
 * Idempotent: when any record exists, nothing is inserted.
 */
import type { EntityManager } from 'typeorm';

import { isSeeded, Random, type SeedProfile, type SeedSummary } from '../../kit/index.js';
import { ageAt } from '../rules.js';

interface Scale {
  readonly seed: number;
  /** Distinct persons with juvenile records, drawn from narcotics persons 1..persons. */
  readonly subjects: number;
  readonly persons: number;
  readonly cases: number;
}

const SCALES: Readonly<Record<SeedProfile, Scale>> = {
  demo: { seed: 20260417, subjects: 48, persons: 300, cases: 60 },
  article: { seed: 12125, subjects: 3000, persons: 13_000, cases: 2400 },
};

const OFFENCES = [
  'Possession of methamphetamine',
  'Possession of ketamine',
  'Taking drugs on camera in a video chat room',
  'Selling ketamine to classmates',
  'Couriering parcels of drugs',
  'Introducing newcomers to a drug-taking chat room',
  'Harbouring others to take drugs',
  'Selling pills through a chat room',
];
const DISPOSITIONS: readonly [string, number, number][] = [
  ['Reprimand and release to guardian', 0, 0],
  ['Community correction', 0, 0],
  ['Fixed-term imprisonment, suspended', 6, 24],
  ['Fixed-term imprisonment', 6, 36],
];
/** Two of these exceed 60 months together. */
const HEAVY: readonly [string, number, number] = ['Fixed-term imprisonment', 31, 48];
const SURNAMES = ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Zhao', 'Ma', 'Zhou', 'Hu'];
const GUARDIANS = ['mother', 'father', 'grandmother', 'grandfather', 'aunt'];
const CITIES = ['Lanzhou', "Xi'an", 'Tianshui', 'Baoji', 'Xianyang', 'Dingxi'];
const SERVICES = ['COUNSELLING', 'DRUG_TREATMENT', 'EDUCATION', 'FAMILY_SUPPORT', 'MENTORING'];
const DAY_MS = 24 * 60 * 60 * 1000;
/** Offences fall between these dates (the campaign ends 2026-08-28). */
const FIRST_OFFENCE = Date.parse('2022-01-01T00:00:00Z');
const LAST_OFFENCE = Date.parse('2026-08-28T00:00:00Z');

const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

interface RecordRow {
  id: number;
  personId: number;
  caseId: number | null;
  dateOfBirth: string;
  offenceDate: string;
  offence: string;
  disposition: string | null;
  sentenceMonths: number | null;
  guardianName: string;
  guardianContact: string;
  school: string;
}

/** A birth date making the offender `age` (14–17) on `offenceDate`. */
function birthFor(random: Random, offenceDate: string, age: number): string {
  const birthday = new Date(`${offenceDate}T00:00:00Z`);
  birthday.setUTCFullYear(birthday.getUTCFullYear() - age);
  const born = isoDate(birthday.getTime() - random.int(0, 360) * DAY_MS);
  return ageAt(born, offenceDate) === age ? born : isoDate(birthday.getTime());
}

/** One person's offences, in date order, all committed under 18; `heavy` ones exceed 60 months. */
function personRecords(random: Random, personId: number, scale: Scale, heavy: boolean) {
  const first = isoDate(random.int(FIRST_OFFENCE / DAY_MS, LAST_OFFENCE / DAY_MS - 420) * DAY_MS);
  const dateOfBirth = birthFor(random, first, random.int(14, 16));
  const adult = Date.parse(`${dateOfBirth}T00:00:00Z`) + 18 * 365 * DAY_MS;
  const count = heavy ? 2 : random.pick([1, 1, 1, 2, 2, 3]);
  const guardian = `${random.pick(SURNAMES)} ${random.pick(['Hua', 'Min', 'Jun', 'Lan'])}`;
  const rows: Omit<RecordRow, 'id'>[] = [];
  let at = Date.parse(`${first}T00:00:00Z`);
  for (let i = 0; i < count && at < Math.min(adult, LAST_OFFENCE); i += 1) {
    const [disposition, min, max] = heavy ? HEAVY : random.pick(DISPOSITIONS);
    const pending = !heavy && i === count - 1 && random.next() < 0.1;
    rows.push({
      personId,
      caseId: random.next() < 0.7 ? random.int(1, scale.cases) : null,
      dateOfBirth,
      offenceDate: isoDate(at),
      offence: random.pick(OFFENCES),
      disposition: pending ? null : disposition,
      sentenceMonths: pending ? null : random.int(min, max),
      guardianName: `${guardian} (${random.pick(GUARDIANS)})`,
      guardianContact: `guardian.${personId}@example.invalid`,
      school: `${random.pick(CITIES)} No. ${random.int(1, 40)} Middle School`,
    });
    at += random.int(60, 400) * DAY_MS;
  }
  return rows;
}

function generate(scale: Scale, firstId: number): RecordRow[] {
  const random = new Random(scale.seed);
  const persons = new Set<number>();
  while (persons.size < Math.min(scale.subjects, scale.persons)) {
    persons.add(random.int(1, scale.persons));
  }
  // The first two subjects' combined sentences exceed 60 months: on record, not sealed.
  return [...persons]
    .flatMap((personId, i) => personRecords(random, personId, scale, i < 2))
    .map((row, i) => ({ ...row, id: firstId + i }));
}

const COLUMNS: readonly [string, string, (row: RecordRow) => string | number | null][] = [
  ['id', 'integer', (r) => r.id],
  ['person_id', 'integer', (r) => r.personId],
  ['case_id', 'integer', (r) => r.caseId],
  ['date_of_birth', 'date', (r) => r.dateOfBirth],
  ['offence_date', 'date', (r) => r.offenceDate],
  ['offence', 'text', (r) => r.offence],
  ['disposition', 'text', (r) => r.disposition],
  ['sentence_months', 'integer', (r) => r.sentenceMonths],
  ['guardian_name', 'text', (r) => r.guardianName],
  ['guardian_contact', 'text', (r) => r.guardianContact],
  ['school', 'text', (r) => r.school],
];

/** One statement: the sealing trigger weighs each person once, with all their records. */
async function insertRecords(manager: EntityManager, rows: readonly RecordRow[]): Promise<void> {
  const names = COLUMNS.map(([name]) => name).join(', ');
  const arrays = COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  await manager.query(
    `INSERT INTO juvenile.juvenile_records (${names}, recorded_at, recorded_by)
     SELECT *, now(), 'seed' FROM unnest(${arrays})`,
    COLUMNS.map(([, , value]) => rows.map(value)),
  );
}

export async function seedJuvenile(
  manager: EntityManager,
  profile: SeedProfile,
): Promise<SeedSummary> {
  if (await isSeeded(manager, 'juvenile.juvenile_records')) {
    return {};
  }
  const [{ id: firstId }] = (await manager.query(
    `SELECT coalesce(max(id), 0) + 1 AS id FROM juvenile.juvenile_records`,
  )) as [{ id: number }];
  const rows = generate(SCALES[profile], firstId);
  // The first subject's last offence comes to light later: it unseals the earlier one.
  const later = rows.filter((row, i) => i === 1 && row.personId === rows[0]?.personId);
  await insertRecords(
    manager,
    rows.filter((row) => !later.includes(row)),
  );
  await insertRecords(manager, later);
  await manager.query(
    `SELECT setval(pg_get_serial_sequence('juvenile.juvenile_records', 'id'), $1)`,
    [firstId + rows.length - 1],
  );
  const random = new Random(SCALES[profile].seed + 1);
  const referrals = rows.filter(() => random.next() < 0.4);
  await manager.query(
    `INSERT INTO juvenile.welfare_referrals (record_id, service, provider, referred_on, referred_by)
     SELECT r.id, r.service, r.provider, r.offence_date + 14, 'seed'
       FROM unnest($1::integer[], $2::text[], $3::text[], $4::date[])
         AS r (id, service, provider, offence_date)`,
    [
      referrals.map((r) => r.id),
      referrals.map(() => random.pick(SERVICES)),
      referrals.map((r) => `${r.school.split(' No.')[0]} youth welfare centre`),
      referrals.map((r) => r.offenceDate),
    ],
  );
  return { juvenile_records: rows.length, welfare_referrals: referrals.length };
}
