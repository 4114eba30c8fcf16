/**
 * Bulk loading for seeds: ids handed out from the identity sequences up front, rows inserted
 * thousands at a time with `INSERT … SELECT * FROM unnest($1::type[], …)` (one statement per
 * chunk, a fixed number of parameters however many rows).
 */
import type { EntityManager } from 'typeorm';

const CHUNK = 5_000;

type SqlType = 'integer' | 'text' | 'date' | 'timestamptz' | 'numeric' | 'boolean';
type Value = string | number | boolean | null;

export interface ColumnSpec<R> {
  readonly name: string;
  readonly type: SqlType;
  readonly value: (row: R) => Value | Date;
}

/** `count` fresh ids from a table's identity sequence, ascending. */
export async function allocateIds(
  manager: EntityManager,
  table: string,
  count: number,
): Promise<number[]> {
  if (count === 0) {
    return [];
  }
  const rows: { id: number }[] = await manager.query(
    `SELECT nextval(pg_get_serial_sequence($1, 'id'))::integer AS id FROM generate_series(1, $2)`,
    [`narcotics.${table}`, count],
  );
  return rows.map((row) => row.id).sort((a, b) => a - b);
}

function sqlValue(value: Value | Date): Value {
  return value instanceof Date ? value.toISOString() : value;
}

/** Inserts `rows` into `narcotics.<table>`; returns how many. */
export async function insertRows<R>(
  manager: EntityManager,
  table: string,
  columns: readonly ColumnSpec<R>[],
  rows: readonly R[],
  suffix = '',
): Promise<number> {
  const names = columns.map((column) => column.name).join(', ');
  const arrays = columns.map((column, i) => `$${i + 1}::${column.type}[]`).join(', ');
  const sql = `INSERT INTO narcotics.${table} (${names}) SELECT * FROM unnest(${arrays}) ${suffix}`;
  for (let start = 0; start < rows.length; start += CHUNK) {
    const chunk = rows.slice(start, start + CHUNK);
    await manager.query(
      sql,
      columns.map((column) => chunk.map((row) => sqlValue(column.value(row)))),
    );
  }
  return rows.length;
}
