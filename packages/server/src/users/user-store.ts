// Queries over the users table. Knows rows and SQL, nothing of protobuf or HTTP.
import { sql, type Kysely, type Selectable, type SelectQueryBuilder } from 'kysely';
import type { Database, UserTable } from '../store/schema.ts';
import { keysetPage, type Page } from '../util/keyset-page.ts';
import { likePattern, lowerLike } from '../util/like-pattern.ts';
import type { Cursor } from '../util/page-token.ts';
import { removeAllOfUser } from './membership-store.ts';

export type UserRow = Selectable<UserTable>;

export function findById(db: Kysely<Database>, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findByExternalId(db: Kysely<Database>, externalId: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('external_id', '=', externalId).executeTakeFirst();
}

export function findByEmail(db: Kysely<Database>, normalized: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email_normalized', '=', normalized).executeTakeFirst();
}

export function findByIds(db: Kysely<Database>, ids: string[]): Promise<UserRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db.selectFrom('users').selectAll().where('id', 'in', ids).execute();
}

export async function insert(db: Kysely<Database>, row: UserRow): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

export async function update(db: Kysely<Database>, row: UserRow): Promise<void> {
  await db.updateTable('users').set(row).where('id', '=', row.id).execute();
}

/** Deletes the user and their memberships (counted out of their organizations); run in a transaction. */
export async function remove(trx: Kysely<Database>, id: string): Promise<void> {
  await removeAllOfUser(trx, id);
  await trx.deleteFrom('users').where('id', '=', id).execute();
}

/** Matches the contract's user search: email, external id (substring, any case) or the exact id. */
function matching<TB extends 'users' | 'memberships'>(
  q: SelectQueryBuilder<Database, TB | 'users', UserRow>,
  text: string,
) {
  const pattern = likePattern(text);
  return q.where((eb) =>
    eb.or([
      lowerLike('users.email_normalized', pattern),
      lowerLike('users.external_id', pattern),
      sql<boolean>`${sql.ref('users.id')} = ${text}`,
    ]),
  );
}

/** Every user of the environment (optionally those matching `query`), a page in id order. */
export function pageOfUsers(
  db: Kysely<Database>,
  filter: { query?: string },
  cursor: Cursor | undefined,
  size: number,
): Promise<Page<UserRow>> {
  let q = db.selectFrom('users').selectAll();
  if (filter.query) q = matching(q, filter.query);
  return keysetPage(q, 'users.id', cursor, size);
}

/**
 * The members of one organization (optionally those matching `query`), a page in user-id order —
 * the (organization_id, user_id) index serves both the filter and the order.
 *
 * Without a query the page is read in two steps: the member keys from that index alone, then those
 * users by primary key. Joining first let PostgreSQL's planner pick a merge join that walked the
 * users table from its start up to the page: 15 ms for the middle of 100,000 members, 30 ms for the
 * end, against under 1 ms this way. The total is the organization's maintained member_count, as
 * read with the organization: a count(*) cost 6 ms (SQLite) to 15 ms (PostgreSQL) per page at
 * 100,000 members. A search still counts its matches.
 */
export async function pageOfMembers(
  db: Kysely<Database>,
  organization: { id: string; member_count: number },
  filter: { query?: string },
  cursor: Cursor | undefined,
  size: number,
): Promise<Page<UserRow>> {
  const organizationId = organization.id;
  if (filter.query) {
    const q = db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .selectAll('users')
      .where('memberships.organization_id', '=', organizationId);
    return keysetPage(matching(q, filter.query), 'memberships.user_id', cursor, size);
  }
  const members = db
    .selectFrom('memberships')
    .select('user_id')
    .where('organization_id', '=', organizationId);
  const keys = await keysetPage(members, 'user_id', cursor, size, Number(organization.member_count));
  const found = await findByIds(
    db,
    keys.rows.map((k) => k.user_id),
  );
  const byId = new Map(found.map((u) => [u.id, u]));
  // A user deleted between the two reads is left out, as if the page had been read a moment later.
  const rows = keys.rows.flatMap((k) => byId.get(k.user_id) ?? []);
  return { ...keys, rows };
}
