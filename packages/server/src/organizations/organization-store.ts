// Queries over the organizations table. Knows rows and SQL, nothing of protobuf or HTTP.
import { sql, type Kysely, type Selectable, type SelectQueryBuilder } from 'kysely';
import type { Database, OrganizationTable } from '../store/schema.ts';
import type { Cursor } from '../util/page-token.ts';

export type OrganizationRow = Selectable<OrganizationTable>;

export interface Page<T> {
  rows: T[];
  hasNext: boolean;
  hasPrev: boolean;
  total: number;
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

/** Escapes LIKE wildcards so a search for "50%" means the text "50%". */
function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
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
export async function page(
  query: OrgQuery,
  cursor: Cursor | undefined,
  size: number,
): Promise<Page<OrganizationRow>> {
  const backward = cursor?.direction === 'prev';
  let q = query;
  if (cursor) q = q.where('id', backward ? '<' : '>', cursor.id);
  const rows = await q
    .orderBy('id', backward ? 'desc' : 'asc')
    .limit(size + 1)
    .execute();
  const more = rows.length > size;
  if (more) rows.pop();
  if (backward) rows.reverse();
  const totalRow = await query
    .clearSelect()
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .executeTakeFirstOrThrow();
  return {
    rows,
    hasNext: backward ? true : more,
    hasPrev: backward ? more : cursor !== undefined,
    total: Number(totalRow.n),
  };
}
