/**
 * Relay-style cursor pagination with keyset queries: `first` defaults to 50 and is capped at
 * 200; cursors are sealed (opaque, unforgeable); `totalCount` costs a COUNT only when a caller
 * asks for it.
 */
import { createHash } from 'node:crypto';

import { Directive, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

import { BadUserInputError } from './errors.js';
import { openCursor, sealCursor } from './ids.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

/** Shared by every subgraph's connections, so composition must see it as shareable. */
@Directive('@shareable')
@ObjectType()
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

/** What a caller asks of a list: how many, after which cursor; and who asks (see caller.ts). */
export interface Page {
  readonly first?: number | null;
  readonly after?: string | null;
  /** The caller a cursor is bound to: `RequestScope.page()` fills it in. */
  readonly caller: string;
}

export interface Edge<T> {
  node: T;
  cursor: string;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: PageInfo;
  readonly totalCount: Promise<number>;
}

/** Declares `<Name>Edge` and `<Name>Connection` object types for a node type. */
export function ConnectionType<T extends object>(name: string, node: ClassType<T>) {
  @ObjectType(`${name}Edge`)
  class EdgeType {
    @Field(() => node)
    node!: T;

    @Field()
    cursor!: string;
  }

  @ObjectType(`${name}Connection`)
  class ConnectionClass {
    @Field(() => [EdgeType])
    edges!: EdgeType[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'All items matching the filter (counted only when asked).' })
    totalCount!: number;
  }
  return ConnectionClass;
}

export function pageSize(first: number | null | undefined): number {
  if (first == null) {
    return DEFAULT_PAGE_SIZE;
  }
  if (!Number.isInteger(first) || first < 0) {
    throw new BadUserInputError('first must be a non-negative integer', 'first');
  }
  return Math.min(first, MAX_PAGE_SIZE);
}

type CursorValue = string | number;

/**
 * A cursor: the sort key of a row and the list it belongs to, sealed (kit/ids.ts) so it can be
 * neither read nor forged. `list` binds it to one list of one caller — the filtered query's SQL
 * and parameters, its order, and who asked for what purpose — so a cursor handed out for one
 * list (where a row sorts by what the caller is shown) continues no other list (where it would
 * sort by what the caller is not shown), nor anybody else's.
 */
export function encodeCursor(values: readonly CursorValue[], list = ''): string {
  return sealCursor({ list, values });
}

export function decodeCursor(cursor: string, length: number, list = ''): CursorValue[] {
  const opened = openCursor(cursor) as { list?: unknown; values?: unknown } | undefined;
  const values = opened?.values;
  if (
    opened?.list === list &&
    Array.isArray(values) &&
    values.length === length &&
    values.every((v) => typeof v === 'string' || typeof v === 'number')
  ) {
    return values as CursorValue[];
  }
  throw new BadUserInputError('after is not a cursor this query returned', 'after');
}

/** A keyset order whose cursor carries the row's sort key (sealed: nobody reads it). */
export interface KeysetByValues<T> {
  /** SQL expressions of the sort key, most significant first; the last must be unique. */
  readonly columns: readonly string[];
  /** The same key read from a row. */
  readonly valuesOf: (row: T) => CursorValue[];
  readonly direction: 'ASC' | 'DESC';
}

/**
 * A keyset order whose cursor names the row (its id) and reads the row's key again in SQL —
 * for keys computed there (what the caller is shown, a pointer's place). Under row-level
 * security a cursor naming a row the caller cannot see continues nowhere.
 */
export interface KeysetByRow {
  /** SQL of the sort key on the query's alias, most significant first; the last is the id. */
  readonly columns: readonly string[];
  /** The key of the row named by `:afterId`, e.g. `SELECT k.a, k.id FROM t k WHERE k.id = :afterId`. */
  readonly keyOfCursorRow: string;
  readonly direction: 'ASC' | 'DESC';
}

export type KeysetOrder<T> = KeysetByValues<T> | KeysetByRow;

/** The key of the list a query pages, as {@link encodeCursor} binds a cursor to it. */
function listKey<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  order: KeysetOrder<T>,
  caller: string,
): string {
  const [sql, parameters] = query.getQueryAndParameters();
  return createHash('sha256')
    .update(JSON.stringify([caller, sql, parameters, order.columns, order.direction]))
    .digest('base64url')
    .slice(0, 22);
}

function continuingAfter<T extends ObjectLiteral>(
  page: SelectQueryBuilder<T>,
  after: string,
  order: KeysetOrder<T>,
  list: string,
): void {
  const left = `(${order.columns.join(', ')})`;
  const comparison = order.direction === 'DESC' ? '<' : '>';
  if ('keyOfCursorRow' in order) {
    const [afterId] = decodeCursor(after, 1, list);
    page.andWhere(`${left} ${comparison} (${order.keyOfCursorRow})`, { afterId });
    return;
  }
  const values = decodeCursor(after, order.columns.length, list);
  const params = Object.fromEntries(values.map((value, i) => [`cursor_${i}`, value]));
  const right = `(${values.map((_, i) => `:cursor_${i}`).join(', ')})`;
  page.andWhere(`${left} ${comparison} ${right}`, params);
}

/**
 * Pages a filtered query by keyset: stable under inserts, index-friendly, no OFFSET. The
 * query's filter (and row-level security) applies before the LIMIT.
 */
export async function paginate<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  args: Page,
  order: KeysetOrder<T>,
): Promise<Connection<T>> {
  const limit = pageSize(args.first);
  const list = listKey(query, order, args.caller);
  const countQuery = query.clone();
  const page = query.clone();
  if (args.after) {
    continuingAfter(page, args.after, order, list);
  }
  order.columns.forEach((column, i) => {
    if (i === 0) {
      page.orderBy(column, order.direction);
    } else {
      page.addOrderBy(column, order.direction);
    }
  });
  const rows = limit === 0 ? [] : await page.limit(limit + 1).getMany();
  const cursorOf = (row: T): CursorValue[] =>
    'valuesOf' in order ? order.valuesOf(row) : [(row as unknown as { id: number }).id];
  const edges = rows
    .slice(0, limit)
    .map((node) => ({ node, cursor: encodeCursor(cursorOf(node), list) }));
  let counted: Promise<number> | undefined;
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null },
    get totalCount() {
      counted ??= countQuery.getCount();
      return counted;
    },
  };
}
