// What other capabilities ask of roles: resolve names for an organization, its default member role,
// and the effective permissions of a set of roles (through `extends`, to any depth).
import type { Kysely, Selectable } from 'kysely';
import { invalidArgument } from '../contract/api-error.ts';
import type { Database, PermissionTable, RoleTable } from '../store/schema.ts';
import { sortByName } from './permission-store.ts';
import { ancestorRows, effectiveGrants } from './role-inheritance.ts';

export type RoleRow = Selectable<RoleTable>;
export type PermissionRow = Selectable<PermissionTable>;

/**
 * Roles visible in an organization: its own roles and the environment's. Role writes keep names
 * unique among those; should a hand-edited database disagree, the organization's role wins.
 */
export async function resolveRoleNames(
  db: Kysely<Database>,
  organizationId: string,
  names: string[],
): Promise<RoleRow[]> {
  const wanted = [...new Set(names)];
  if (wanted.length === 0) return [];
  const rows = await db
    .selectFrom('roles')
    .selectAll()
    .where('name', 'in', wanted)
    .where('scope', 'in', ['', organizationId])
    .execute();
  const byName = new Map<string, RoleRow>();
  for (const row of rows) {
    const existing = byName.get(row.name);
    if (!existing || row.scope !== '') byName.set(row.name, row);
  }
  const missing = wanted.filter((name) => !byName.has(name));
  if (missing.length > 0) throw invalidArgument(`role ${missing.join(', ')} does not exist`);
  return wanted.map((name) => byName.get(name) as RoleRow);
}

/** The organization's default member role, else the environment's, else none. */
export async function defaultMemberRole(
  db: Kysely<Database>,
  organizationId: string,
): Promise<RoleRow | undefined> {
  const org = await db
    .selectFrom('organizations')
    .select('default_member_role_id')
    .where('id', '=', organizationId)
    .executeTakeFirst();
  if (org?.default_member_role_id) {
    return db.selectFrom('roles').selectAll().where('id', '=', org.default_member_role_id).executeTakeFirst();
  }
  return db
    .selectFrom('roles')
    .selectAll()
    .where('scope', '=', '')
    .where('default_member', '=', 1)
    .executeTakeFirst();
}

/** The roles themselves plus every role they extend, transitively (cycles are refused on write, but tolerated here). */
export async function withAncestors(db: Kysely<Database>, roleIds: string[]): Promise<RoleRow[]> {
  return [...(await ancestorRows(db, roleIds)).values()];
}

/**
 * Effective permissions of a set of roles: their own and inherited ones, each once, by name. Reads
 * the database every time; hot paths use effectivePermissionsForRoles (permission-cache.ts).
 */
export async function effectivePermissions(
  db: Kysely<Database>,
  roleIds: string[],
): Promise<PermissionRow[]> {
  const byName = new Map<string, PermissionRow>();
  for (const sourced of (await effectiveGrants(db, roleIds)).values()) {
    for (const { permission } of sourced) byName.set(permission.name, permission);
  }
  return sortByName([...byName.values()]);
}
