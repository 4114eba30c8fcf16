/** The audit trail as auditors filter, count and check it (SQL stays here). */
import type { EntityManager, SelectQueryBuilder } from 'typeorm';

import {
  chainStateOf,
  VERIFY_CHAIN_SQL,
  type ChainRow,
  type ChainState,
} from '../../../schema/audit-chain.js';
import type { ValueHasher } from '../../../schema/audit-row.js';
import { BadUserInputError, paginate, type Connection, type Page } from '../../kit/index.js';
import { AccessLogEntry } from '../entities/access-log-entry.entity.js';
import type { AccessLogFilterValues } from '../inputs/access-log-filter.input.js';

/** Most groups a chart query returns (its `@listSize`): the newest weeks, the most denied agencies. */
export const MAX_GROUPS = 200;

/** Filter fields that compare one column for equality, and the column each compares. */
const EQUAL_COLUMNS = {
  officer: 'sub',
  agency: 'agency',
  province: 'province',
  operationName: 'operation_name',
  purpose: 'purpose',
  purposeReference: 'purpose_reference',
  clientAddress: 'client_address',
  outcome: 'outcome',
} as const satisfies Partial<Record<keyof AccessLogFilterValues, string>>;

/** Entries matching every condition of the filter, as alias `log`; each condition has an index. */
function filteredEntries(
  manager: EntityManager,
  f: AccessLogFilterValues,
  hashValue: ValueHasher | undefined,
): SelectQueryBuilder<AccessLogEntry> {
  const query = manager.createQueryBuilder(AccessLogEntry, 'log');
  for (const [field, column] of Object.entries(EQUAL_COLUMNS)) {
    const value = f[field as keyof typeof EQUAL_COLUMNS];
    if (value) {
      query.andWhere(`log.${column} = :${field}`, { [field]: value });
    }
  }
  if (f.requestId) {
    query.andWhere('(log.request_id = :requestId OR log.client_request_id = :requestId)', {
      requestId: f.requestId,
    });
  }
  if (f.deniedField) {
    query.andWhere('log.fields_denied @> :denied::jsonb', {
      denied: JSON.stringify([{ coordinate: f.deniedField }]),
    });
  }
  if (f.variableValue) {
    if (!hashValue) {
      throw new BadUserInputError('variableValue: search by value is not configured here');
    }
    query.andWhere('log.value_hashes @> ARRAY[CAST(:valueHash AS text)]', {
      valueHash: hashValue(f.variableValue),
    });
  }
  if (f.from) {
    query.andWhere('log.at >= :from', { from: f.from });
  }
  if (f.to) {
    query.andWhere('log.at <= :to', { to: f.to });
  }
  if (f.recordType) {
    const record = f.recordId ? { type: f.recordType, id: f.recordId } : { type: f.recordType };
    query.andWhere('log.records_accessed @> :record::jsonb', {
      record: JSON.stringify([record]),
    });
  }
  return query;
}

/** Newest first, keyset-paged on (at, seq). */
export function listEntries(
  manager: EntityManager,
  filter: AccessLogFilterValues,
  page: Page,
  hashValue: ValueHasher | undefined,
): Promise<Connection<AccessLogEntry>> {
  return paginate(filteredEntries(manager, filter, hashValue), page, {
    columns: ['log.at', 'log.seq'],
    valuesOf: (row) => [row.at.toISOString(), row.seq],
    direction: 'DESC',
  });
}

export interface HourCount {
  readonly hour: Date;
  readonly outcome: string;
  readonly count: number;
}

/** Requests per hour and outcome in [from, to], narrowed by agency and officer. */
export async function countByHour(
  manager: EntityManager,
  filter: AccessLogFilterValues,
): Promise<HourCount[]> {
  const from = filter.from ?? new Date(Date.now() - 7 * 24 * 3600 * 1000);
  const to = filter.to ?? new Date();
  const rows: { hour: Date; outcome: string; count: string }[] = await manager.query(
    `SELECT date_trunc('hour', at) AS hour, outcome, count(*) AS count
       FROM audit.access_log
      WHERE at >= $1 AND at <= $2
        AND ($3::text IS NULL OR agency = $3) AND ($4::text IS NULL OR sub = $4)
      GROUP BY 1, 2 ORDER BY 1, 2`,
    [from, to, filter.agency ?? null, filter.officer ?? null],
  );
  return rows.map((row) => ({ hour: row.hour, outcome: row.outcome, count: Number(row.count) }));
}

export interface AgencyDenials {
  readonly agency: string | null;
  readonly denied: number;
  readonly partial: number;
}

/** Refused (DENIED) and partly withheld (PARTIAL) requests per agency, most first. */
export async function denialsByAgency(
  manager: EntityManager,
  filter: AccessLogFilterValues,
  hashValue: ValueHasher | undefined,
): Promise<AgencyDenials[]> {
  const rows = await filteredEntries(manager, filter, hashValue)
    .select('log.agency', 'agency')
    .addSelect(`count(*) FILTER (WHERE log.outcome = 'DENIED')`, 'denied')
    .addSelect(`count(*) FILTER (WHERE log.outcome = 'PARTIAL')`, 'partial')
    .andWhere(`log.outcome IN ('DENIED', 'PARTIAL')`)
    .groupBy('log.agency')
    .orderBy('count(*)', 'DESC')
    .addOrderBy('log.agency', 'ASC', 'NULLS LAST')
    .limit(MAX_GROUPS)
    .getRawMany<{ agency: string | null; denied: string; partial: string }>();
  return rows.map((row) => ({
    agency: row.agency,
    denied: Number(row.denied),
    partial: Number(row.partial),
  }));
}

export interface WeekReads {
  readonly week: Date;
  readonly requests: number;
  readonly records: number;
}

/** Requests that returned a record of `recordType`, and how many such records, per week. */
export async function readsByWeek(
  manager: EntityManager,
  recordType: string,
  filter: AccessLogFilterValues,
  hashValue: ValueHasher | undefined,
): Promise<WeekReads[]> {
  const rows = await filteredEntries(manager, filter, hashValue)
    .select(`date_trunc('week', log.at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`, 'week')
    .addSelect('count(*)', 'requests')
    .addSelect(
      `sum((SELECT count(*) FROM jsonb_array_elements(log.records_accessed) AS r
             WHERE r->>'type' = :weekType))`,
      'records',
    )
    .andWhere('log.records_accessed @> :typed::jsonb', {
      typed: JSON.stringify([{ type: recordType }]),
      weekType: recordType,
    })
    .groupBy('1')
    .orderBy('1', 'DESC')
    .limit(MAX_GROUPS)
    .getRawMany<{ week: Date; requests: string; records: string }>();
  return rows
    .map((row) => ({
      week: row.week,
      requests: Number(row.requests),
      records: Number(row.records),
    }))
    .reverse();
}

/** The chain as the database walks it (schema/audit-chain.ts). */
export async function chainState(manager: EntityManager): Promise<ChainState> {
  const [row] = (await manager.query(VERIFY_CHAIN_SQL)) as ChainRow[];
  return chainStateOf(row);
}
