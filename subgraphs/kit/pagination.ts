/**
 * Relay-style cursor pagination with keyset queries: `first` defaults to 50 and is capped at
 * 200; cursors are sealed (opaque, unforgeable); `totalCount` costs a COUNT only when a caller
 * asks for it.
 */
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

/** A cursor: the sort key of a row, sealed (kit/ids.ts) so it can be neither read nor forged. */
export function encodeCursor(values: readonly CursorValue[]): string {
  return sealCursor(values);
}

export function decodeCursor(cursor: string, length: number): CursorValue[] {
  const values = openCursor(cursor);
  if (
    Array.isArray(values) &&
    values.length === length &&
    values.every((v) => typeof v === 'string' || typeof v === 'number')
  ) {
    return values as CursorValue[];
  }
  throw new BadUserInputError('after is not a cursor this query returned', 'after');
}

export interface KeysetOrder<T> {
  /** SQL expressions of the sort key, most significant first; the last must be unique. */
  readonly columns: readonly string[];
  /** The same key read from a row. */
  readonly valuesOf: (row: T) => CursorValue[];
  readonly direction: 'ASC' | 'DESC';
}

/**
 * Pages a filtered query by keyset: stable under inserts, index-friendly, no OFFSET. The
 * query's filter (and row-level security) applies before the LIMIT.
 */
export async function paginate<T extends ObjectLiteral>(
  query: SelectQueryBuilder<T>,
  args: { first?: number | null; after?: string | null },
  order: KeysetOrder<T>,
): Promise<Connection<T>> {
  const limit = pageSize(args.first);
  const countQuery = query.clone();
  const page = query.clone();
  if (args.after) {
    const values = decodeCursor(args.after, order.columns.length);
    const params = Object.fromEntries(values.map((value, i) => [`cursor_${i}`, value]));
    const left = `(${order.columns.join(', ')})`;
    const right = `(${values.map((_, i) => `:cursor_${i}`).join(', ')})`;
    page.andWhere(`${left} ${order.direction === 'DESC' ? '<' : '>'} ${right}`, params);
  }
  order.columns.forEach((column, i) => {
    if (i === 0) {
      page.orderBy(column, order.direction);
    } else {
      page.addOrderBy(column, order.direction);
    }
  });
  const rows = limit === 0 ? [] : await page.limit(limit + 1).getMany();
  const edges = rows.slice(0, limit).map((node) => ({
    node,
    cursor: encodeCursor(order.valuesOf(node)),
  }));
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
