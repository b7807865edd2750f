// Queries over the organizations table. Knows rows and SQL, nothing of protobuf or HTTP.
import { sql, type Kysely, type Selectable, type SelectQueryBuilder, type Updateable } from 'kysely';
import type { Database, OrganizationTable } from '../store/schema.ts';
import { keysetPage, type Page } from '../util/keyset-page.ts';
import { likePattern } from '../util/like-pattern.ts';
import type { Cursor } from '../util/page-token.ts';

export type OrganizationRow = Selectable<OrganizationTable>;

export type { Page };

/**
 * The columns of a row to write back with `updateTable(...).set(...)`: all but member_count, which
 * only relative updates may change (users/member-count.ts). Writing back the count read with the row
 * would undo every membership added or removed since that read.
 */
export function savedColumns(row: OrganizationRow): Updateable<OrganizationTable> {
  const { member_count: _count, ...columns } = row;
  return columns;
}

type OrgQuery = SelectQueryBuilder<Database, 'organizations', OrganizationRow>;

export function findById(db: Kysely<Database>, id: string): Promise<OrganizationRow | undefined> {
  return db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findByExternalId(
  db: Kysely<Database>,
  externalId: string,
): Promise<OrganizationRow | undefined> {
  return db.selectFrom('organizations').selectAll().where('external_id', '=', externalId).executeTakeFirst();
}

export function filtered(db: Kysely<Database>, filter: { externalId?: string; query?: string }): OrgQuery {
  let q = db.selectFrom('organizations').selectAll();
  if (filter.externalId) q = q.where('external_id', '=', filter.externalId);
  const text = filter.query;
  if (text) {
    const pattern = likePattern(text);
    // ESCAPE is explicit: SQLite has no default escape character, PostgreSQL's is the backslash.
    const like = (column: 'display_name' | 'external_id' | 'slug') =>
      sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
    q = q.where((eb) =>
      eb.or([like('display_name'), like('external_id'), like('slug'), eb('id', '=', text)]),
    );
  }
  return q;
}

/** One page of a query in id order, before or after a cursor, plus the total without the cursor. */
export function page(
  query: OrgQuery,
  cursor: Cursor | undefined,
  size: number,
): Promise<Page<OrganizationRow>> {
  return keysetPage(query, 'id', cursor, size);
}
