// Queries over permissions and the role_permissions links. Knows rows and SQL, nothing of protobuf.
import type { Kysely } from 'kysely';
import { notFound } from '../contract/api-error.ts';
import type { Database } from '../store/schema.ts';
import { keysetPage, type Page } from '../util/keyset-page.ts';
import type { Cursor } from '../util/page-token.ts';
import type { PermissionRow } from './role-lookup.ts';

type Db = Kysely<Database>;

export function findPermission(db: Db, name: string): Promise<PermissionRow | undefined> {
  return db.selectFrom('permissions').selectAll().where('name', '=', name).executeTakeFirst();
}

/** The permissions named, in the order given; NOT_FOUND naming every one that does not exist. */
export async function requirePermissions(db: Db, names: string[]): Promise<PermissionRow[]> {
  if (names.length === 0) return [];
  const rows = await db.selectFrom('permissions').selectAll().where('name', 'in', names).execute();
  const byName = new Map(rows.map((r) => [r.name, r]));
  const missing = names.filter((name) => !byName.has(name));
  if (missing.length > 0) {
    throw notFound(`permission ${missing.join(', ')} not found; create it with CreatePermission first`);
  }
  return names.map((name) => byName.get(name) as PermissionRow);
}

/**
 * Sorts by name in code-point order. Not ORDER BY: PostgreSQL orders text by the database's
 * locale (which may ignore punctuation), SQLite by bytes, and lists must read the same on both.
 */
export function sortByName<T extends { name: string }>(rows: T[]): T[] {
  return rows.sort((a, b) => compareNames(a.name, b.name));
}

export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The permissions granted to the role itself (not inherited), by name. */
export async function directPermissions(db: Db, roleId: string): Promise<PermissionRow[]> {
  const rows = await db
    .selectFrom('permissions')
    .innerJoin('role_permissions', 'role_permissions.permission_id', 'permissions.id')
    .selectAll('permissions')
    .where('role_permissions.role_id', '=', roleId)
    .execute();
  return sortByName(rows);
}

export async function grantPermissions(db: Db, roleId: string, permissionIds: string[], now: string) {
  if (permissionIds.length === 0) return;
  await db
    .insertInto('role_permissions')
    .values(permissionIds.map((permission_id) => ({ role_id: roleId, permission_id, created_at: now })))
    .onConflict((oc) => oc.columns(['role_id', 'permission_id']).doNothing())
    .execute();
}

/** Makes the role's direct permissions exactly `permissionIds`. */
export async function replacePermissions(db: Db, roleId: string, permissionIds: string[], now: string) {
  let removal = db.deleteFrom('role_permissions').where('role_id', '=', roleId);
  if (permissionIds.length > 0) removal = removal.where('permission_id', 'not in', permissionIds);
  await removal.execute();
  await grantPermissions(db, roleId, permissionIds, now);
}

/** Names of the roles that grant the permission directly. */
export async function rolesGranting(db: Db, permissionId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('roles')
    .innerJoin('role_permissions', 'role_permissions.role_id', 'roles.id')
    .select('roles.name')
    .where('role_permissions.permission_id', '=', permissionId)
    .execute();
  return sortByName(rows).map((r) => r.name);
}

/** One page of permissions in id (creation) order, before or after a cursor, plus the total. */
export function pagePermissions(
  db: Db,
  cursor: Cursor | undefined,
  size: number,
): Promise<Page<PermissionRow>> {
  return keysetPage(db.selectFrom('permissions').selectAll(), 'id', cursor, size);
}
