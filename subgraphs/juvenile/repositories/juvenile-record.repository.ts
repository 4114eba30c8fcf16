/** Juvenile record lists and writes (SQL stays here; resolvers validate and decide). */
import type { EntityManager } from 'typeorm';

import { paginate, type Connection, type Page } from '../../kit/index.js';
import { JuvenileRecord } from '../entities/juvenile-record.entity.js';
import { WelfareReferral } from '../entities/welfare-referral.entity.js';
import type { JuvenileRecordFilterValues } from '../inputs/juvenile-record-filter.input.js';
import type { RecordDispositionValues } from '../inputs/record-disposition.input.js';
import type { RecordJuvenileOffenceValues } from '../inputs/record-juvenile-offence.input.js';
import type { ReferToWelfareValues } from '../inputs/refer-to-welfare.input.js';

/**
 * Records matching the filter, newest offence first, keyset-paged on (offence_date, id). Row-level
 * security filters before the LIMIT and the COUNT, so sealed records the caller may not see
 * leave no gap and no count.
 */
export function listRecords(
  manager: EntityManager,
  filter: JuvenileRecordFilterValues,
  page: Page,
): Promise<Connection<JuvenileRecord>> {
  const query = manager.getRepository(JuvenileRecord).createQueryBuilder('r');
  if (filter.sealed != null) {
    query.andWhere('r.sealed = :sealed', { sealed: filter.sealed });
  }
  if (filter.personId != null) {
    query.andWhere('r.person_id = :personId', { personId: filter.personId });
  }
  if (filter.offenceFrom) {
    query.andWhere('r.offence_date >= CAST(:offenceFrom AS date)', {
      offenceFrom: filter.offenceFrom,
    });
  }
  if (filter.offenceTo) {
    query.andWhere('r.offence_date <= CAST(:offenceTo AS date)', { offenceTo: filter.offenceTo });
  }
  return paginate(query, page, {
    columns: ['r.offence_date', 'r.id'],
    valuesOf: (row) => [row.offenceDate, row.id],
    direction: 'DESC',
  });
}

/**
 * Inserts a record and returns its id. The runtime role may write only the columns an officer
 * states (not even the id), so the statement names them; the row starts unsealed and the
 * database's sealing trigger decides before the statement ends.
 */
export async function insertRecord(
  manager: EntityManager,
  values: RecordJuvenileOffenceValues,
  recordedBy: string,
): Promise<number> {
  const rows: { id: number }[] = await manager.query(
    `INSERT INTO juvenile.juvenile_records (person_id, case_id, date_of_birth, offence_date,
       offence, disposition, sentence_months, guardian_name, guardian_contact, school, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     RETURNING id`,
    [
      values.personId,
      values.caseId ?? null,
      values.dateOfBirth,
      values.offenceDate,
      values.offence,
      values.disposition ?? null,
      values.sentenceMonths ?? null,
      values.guardianName ?? null,
      values.guardianContact ?? null,
      values.school ?? null,
      recordedBy,
    ],
  );
  return Number(rows[0]?.id);
}

/** Sets a record's disposition; the database re-weighs the person's sealing in the same statement. */
export async function updateDisposition(
  manager: EntityManager,
  values: RecordDispositionValues,
): Promise<void> {
  await manager.update(
    JuvenileRecord,
    { id: values.recordId },
    { disposition: values.disposition, sentenceMonths: values.sentenceMonths },
  );
}

export async function insertReferral(
  manager: EntityManager,
  values: ReferToWelfareValues & { referredOn: string },
  referredBy: string,
): Promise<number> {
  const result = await manager.insert(WelfareReferral, {
    recordId: values.recordId,
    service: values.service,
    provider: values.provider,
    referredOn: values.referredOn,
    notes: values.notes ?? null,
    referredBy,
  });
  return Number(result.identifiers[0]?.id);
}
