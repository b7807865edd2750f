// Keyset pagination over any query: rows ordered by one unique key column, continued after (or
// before) the key a cursor names. Because the page is defined by a key and not an offset, inserts
// and deletes elsewhere in the list never shift it: paging through a changing table yields no
// duplicates and skips no row that existed throughout.
import { sql, type SelectQueryBuilder } from 'kysely';
import { encodeCursor, type Cursor } from './page-token.ts';

export interface Page<T> {
  rows: T[];
  hasNext: boolean;
  hasPrev: boolean;
  /** Rows matching the query, all pages together. */
  total: number;
}

/**
 * One page of `query` in `keyColumn` order. `keyColumn` must be unique within the query's rows
 * (e.g. `id`, or `memberships.user_id` inside one organization). `knownTotal`, when the caller
 * keeps an exact count of the query's rows (organizations.member_count), replaces the count(*).
 */
export async function keysetPage<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  keyColumn: string,
  cursor: Cursor | undefined,
  size: number,
  knownTotal?: number,
): Promise<Page<O>> {
  const key = sql.ref(keyColumn);
  const backward = cursor?.direction === 'prev';
  let q = query;
  if (cursor) q = q.where(sql<boolean>`${key} ${sql.raw(backward ? '<' : '>')} ${cursor.id}`);
  // Counted, the total is O(rows) on every page, and on a large list it is the page's largest cost:
  // on PostgreSQL it runs on a second pooled connection while the page is read (SQLite's one
  // connection runs them in turn).
  const [rows, totalRow] = await Promise.all([
    q
      .orderBy(key, backward ? 'desc' : 'asc')
      .limit(size + 1)
      .execute(),
    knownTotal !== undefined
      ? { n: knownTotal }
      : query
          .clearSelect()
          .select(sql<string | number>`count(*)`.as('n'))
          .executeTakeFirstOrThrow(),
  ]);
  const more = rows.length > size;
  if (more) rows.pop();
  if (backward) rows.reverse();
  return {
    rows,
    hasNext: backward ? true : more,
    hasPrev: backward ? more : cursor !== undefined,
    total: Number((totalRow as { n: string | number }).n),
  };
}

/** The next/prev tokens of a page, as list responses carry them ('' when there is no such page). */
export function pageTokens<T>(
  page: Page<T>,
  keyOf: (row: T) => string,
): { nextPageToken: string; prevPageToken: string } {
  const first = page.rows[0];
  const last = page.rows[page.rows.length - 1];
  return {
    nextPageToken: page.hasNext && last ? encodeCursor({ direction: 'next', id: keyOf(last) }) : '',
    prevPageToken: page.hasPrev && first ? encodeCursor({ direction: 'prev', id: keyOf(first) }) : '',
  };
}
