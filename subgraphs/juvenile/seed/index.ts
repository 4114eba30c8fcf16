/**
 * Deterministic synthetic juvenile records (DESIGN §10): a fixed-seed PRNG, made-up guardians
 * and schools, offenders aged 14–17 at each offence, linked to the narcotics demo persons and
 * cases by id. A subject's date of birth is the one the narcotics seed gives that person (both
 * take it from the kit's `seedDateOfBirth`), and offence dates are drawn relative to it. The database's sealing trigger decides what is sealed, as for any other write.
 * Idempotent: when any record exists, nothing is inserted.
 */
import type { EntityManager } from 'typeorm';

import {
  isSeeded,
  Random,
  SEED_POPULATION,
  seedDateOfBirth,
  type SeedProfile,
  type SeedSummary,
} from '../../kit/index.js';

interface Scale {
  readonly seed: number;
  /** Distinct persons with juvenile records, drawn from the kit's seeded persons. */
  readonly subjects: number;
}

const SCALES: Readonly<Record<SeedProfile, Scale>> = {
  demo: { seed: 20260417, subjects: 48 },
  article: { seed: 12125, subjects: 3000 },
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
const FIRST_OFFENCE = '2022-01-01';
const LAST_OFFENCE = '2026-08-28';
/** A subject's offence window is at least this long (room for a heavy subject's two). */
const MIN_WINDOW_DAYS = 120;

const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export interface RecordRow {
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

/** A day number (days since 1970-01-01, UTC) and back. */
const dayOf = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const isoDay = (day: number): string => isoDate(day * DAY_MS);

/** The day a person born on `dateOfBirth` turns `years` (29 February: 1 March in other years). */
function birthday(dateOfBirth: string, years: number): number {
  const date = new Date(`${dateOfBirth}T00:00:00Z`);
  date.setUTCFullYear(date.getUTCFullYear() + years);
  return date.getTime() / DAY_MS;
}

/**
 * The days on which a person born on `dateOfBirth` could have offended within the offence
 * period while aged 14 to 17, as [first, last] day numbers; null when fewer than
 * {@link MIN_WINDOW_DAYS} (room for two offences 60 days apart and more).
 */
function offenceWindow(dateOfBirth: string): readonly [number, number] | null {
  const first = Math.max(birthday(dateOfBirth, 14), dayOf(FIRST_OFFENCE));
  const last = Math.min(birthday(dateOfBirth, 18) - 1, dayOf(LAST_OFFENCE));
  return last - first >= MIN_WINDOW_DAYS ? [first, last] : null;
}

/**
 * One person's offences, in date order, all committed at 14 to 17 (age on the offence date,
 * from the person's one seeded date of birth); `heavy` ones (two) exceed 60 months together.
 */
function personRecords(random: Random, subject: Subject, cases: number, heavy: boolean) {
  const { personId, dateOfBirth } = subject;
  const [first, last] = subject.window;
  const count = heavy ? 2 : random.pick([1, 1, 1, 2, 2, 3]);
  const guardian = `${random.pick(SURNAMES)} ${random.pick(['Hua', 'Min', 'Jun', 'Lan'])}`;
  const rows: Omit<RecordRow, 'id'>[] = [];
  let day = random.int(first, heavy ? last - 60 : last);
  for (let i = 0; i < count && day <= last; i += 1) {
    const [disposition, min, max] = heavy ? HEAVY : random.pick(DISPOSITIONS);
    const pending = !heavy && i === count - 1 && random.next() < 0.1;
    rows.push({
      personId,
      caseId: random.next() < 0.7 ? random.int(1, cases) : null,
      dateOfBirth,
      offenceDate: isoDay(day),
      offence: random.pick(OFFENCES),
      disposition: pending ? null : disposition,
      sentenceMonths: pending ? null : random.int(min, max),
      guardianName: `${guardian} (${random.pick(GUARDIANS)})`,
      guardianContact: `guardian.${personId}@example.invalid`,
      school: `${random.pick(CITIES)} No. ${random.int(1, 40)} Middle School`,
    });
    day += heavy ? random.int(60, Math.min(400, last - day)) : random.int(60, 400);
  }
  return rows;
}

interface Subject {
  readonly personId: number;
  readonly dateOfBirth: string;
  readonly window: readonly [number, number];
}

/** The seeded persons old enough and young enough to have a juvenile record, in id order. */
function eligiblePersons(profile: SeedProfile): Subject[] {
  const subjects: Subject[] = [];
  for (let personId = 1; personId <= SEED_POPULATION[profile].persons; personId += 1) {
    const dateOfBirth = seedDateOfBirth(profile, personId);
    const window = dateOfBirth === null ? null : offenceWindow(dateOfBirth);
    if (dateOfBirth !== null && window !== null) {
      subjects.push({ personId, dateOfBirth, window });
    }
  }
  return subjects;
}

/**
 * Every record of a profile, ids from `firstId`: `subjects` persons drawn from the seeded
 * persons who could have offended under 18 in the offence period, each record carrying the
 * date of birth the narcotics seed gives the same person (the kit's {@link seedDateOfBirth}).
 */
export function generateJuvenileRecords(profile: SeedProfile, firstId: number): RecordRow[] {
  const scale = SCALES[profile];
  const random = new Random(scale.seed);
  const subjects = random.shuffle(eligiblePersons(profile)).slice(0, scale.subjects);
  const cases = SEED_POPULATION[profile].cases;
  // The first two subjects' combined sentences exceed 60 months: on record, not sealed.
  return subjects
    .flatMap((subject, i) => personRecords(random, subject, cases, i < 2))
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
  const rows = generateJuvenileRecords(profile, firstId);
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
