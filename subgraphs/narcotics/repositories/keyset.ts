/**
 * Keyset pagination whose cursor names a row (its id) instead of carrying the row's sort key.
 * The kit's cursors hold the sort key itself, base64-encoded — no secret — and the sort keys
 * here are things some callers must not read: the opening date of a restricted case (a
 * pointer), the full name of a person whose identity is masked. The page continues after the
 * row the cursor names, whose key a subquery reads again (under row-level security: a cursor
 * naming a row the caller cannot see continues nowhere). Same page size rules as the kit.
 */
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

import {
  BadUserInputError,
  decodeCursor,
  encodeCursor,
  databaseId,
  pageSize,
  type Connection,
} from '../../kit/index.js';

export interface Page {
  readonly first?: number | null;
  readonly after?: string | null;
}

export interface RowKeysetOrder {
  /** SQL of the sort key on the query's alias, most significant first; the last is the id. */
  readonly columns: readonly string[];
  /** The same key of the row named by `:afterId`, e.g. `SELECT k.a, k.id FROM t k WHERE k.id = :afterId`. */
  readonly keyOfCursorRow: string;
  readonly direction: 'ASC' | 'DESC';
}

function cursorRowId(after: string): number {
  const [value] = decodeCursor(after, 1);
  const id = databaseId(value);
  if (id === undefined) {
    throw new BadUserInputError('after is not a cursor this query returned', 'after');
  }
  return id;
}

/** Pages `query` (filters, and row-level security, apply before the LIMIT). */
export async function paginateAfterRow<T extends ObjectLiteral & { id: number }>(
  query: SelectQueryBuilder<T>,
  args: Page,
  order: RowKeysetOrder,
): Promise<Connection<T>> {
  const limit = pageSize(args.first);
  const countQuery = query.clone();
  const page = query.clone();
  if (args.after) {
    const comparison = order.direction === 'DESC' ? '<' : '>';
    page.andWhere(`(${order.columns.join(', ')}) ${comparison} (${order.keyOfCursorRow})`, {
      afterId: cursorRowId(args.after),
    });
  }
  order.columns.forEach((column, i) => {
    if (i === 0) {
      page.orderBy(column, order.direction);
    } else {
      page.addOrderBy(column, order.direction);
    }
  });
  const rows = limit === 0 ? [] : await page.limit(limit + 1).getMany();
  const edges = rows.slice(0, limit).map((node) => ({ node, cursor: encodeCursor([node.id]) }));
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
