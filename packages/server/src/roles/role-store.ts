// Queries over roles and the rows that point at them (memberships, organizations' defaults).
// Knows rows and SQL, nothing of protobuf or HTTP.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { RoleRow } from './role-lookup.ts';

type Db = Kysely<Database>;

/** Where a role lives: the environment (scope '') or one organization (scope = its id). */
export interface RoleScope {
  scope: string;
  organizationId: string | null;
}

export const ENVIRONMENT: RoleScope = { scope: '', organizationId: null };

export function organizationScope(organizationId: string): RoleScope {
  return { scope: organizationId, organizationId };
}

/** The role of exactly this scope; `lock` takes a row lock (PostgreSQL) that FK inserts wait on. */
export function findRole(db: Db, scope: string, name: string, lock = false): Promise<RoleRow | undefined> {
  let query = db.selectFrom('roles').selectAll().where('scope', '=', scope).where('name', '=', name);
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

/** A role an organization can use by name: its own, else the environment's. */
export async function findVisibleRole(
  db: Db,
  organizationId: string,
  name: string,
): Promise<RoleRow | undefined> {
  const rows = await db
    .selectFrom('roles')
    .selectAll()
    .where('name', '=', name)
    .where('scope', 'in', ['', organizationId])
    .execute();
  return rows.find((r) => r.scope !== '') ?? rows[0];
}

/**
 * A role whose name the new role would clash with. Names are unique among the roles any one
 * organization sees, so `extends` and membership role names are never ambiguous: an environment
 * role may not share a name with any organization's role, nor an organization role with an
 * environment role or another role of its organization.
 */
export function nameClash(db: Db, scope: string, name: string): Promise<RoleRow | undefined> {
  let query = db.selectFrom('roles').selectAll().where('name', '=', name);
  if (scope !== '') query = query.where('scope', 'in', ['', scope]);
  return query.executeTakeFirst();
}

/** Roles of the given scopes: environment roles first, then each in creation (id) order. */
export async function rolesInScopes(db: Db, scopes: string[]): Promise<RoleRow[]> {
  const rows = await db.selectFrom('roles').selectAll().where('scope', 'in', scopes).orderBy('id').execute();
  return [...rows.filter((r) => r.scope === ''), ...rows.filter((r) => r.scope !== '')];
}

export async function rolesByIds(db: Db, ids: string[]): Promise<Map<string, RoleRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('roles').selectAll().where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** Roles that extend the role directly, in creation order. */
export function dependents(db: Db, roleId: string): Promise<RoleRow[]> {
  return db.selectFrom('roles').selectAll().where('extends_role_id', '=', roleId).orderBy('id').execute();
}

export async function dependentCounts(db: Db, roleIds: string[]): Promise<Map<string, number>> {
  if (roleIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('roles')
    .select((eb) => ['extends_role_id', eb.fn.countAll<string | number>().as('n')])
    .where('extends_role_id', 'in', roleIds)
    .groupBy('extends_role_id')
    .execute();
  return new Map(rows.map((r) => [r.extends_role_id as string, Number(r.n)]));
}

/** Membership-role grants of the role, optionally only among one organization's members. */
export async function memberCount(db: Db, roleId: string, organizationId?: string): Promise<number> {
  let query = db
    .selectFrom('membership_roles')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('membership_roles.role_id', '=', roleId);
  if (organizationId !== undefined) {
    query = query
      .innerJoin('memberships', 'memberships.id', 'membership_roles.membership_id')
      .where('memberships.organization_id', '=', organizationId);
  }
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Gives every membership holding `fromRoleId` the role `toRoleId` too, once (a holder of both keeps one row). */
export async function reassignMembers(db: Db, fromRoleId: string, toRoleId: string): Promise<void> {
  await db
    .insertInto('membership_roles')
    .columns(['membership_id', 'role_id'])
    .expression((eb) =>
      eb
        .selectFrom('membership_roles')
        // cast: PostgreSQL cannot infer the type of a bare parameter in a select list.
        .select(['membership_id', sql<string>`cast(${toRoleId} as text)`.as('role_id')])
        .where('role_id', '=', fromRoleId),
    )
    .onConflict((oc) => oc.columns(['membership_id', 'role_id']).doNothing())
    .execute();
}

/** What makes the role a default: the environment's flags and the organizations that chose it. */
export async function defaultUses(db: Db, role: RoleRow): Promise<string[]> {
  const uses: string[] = [];
  if (role.default_creator) uses.push('the default creator role');
  if (role.default_member) uses.push('the default member role');
  const orgs = await db
    .selectFrom('organizations')
    .select('id')
    .where('default_member_role_id', '=', role.id)
    .orderBy('id')
    .limit(5)
    .execute();
  if (orgs.length > 0) {
    uses.push(`the default member role of organization ${orgs.map((o) => o.id).join(', ')}`);
  }
  return uses;
}

/** The environment's default creator and member roles. */
export async function environmentDefaults(
  db: Db,
): Promise<{ creator: RoleRow | undefined; member: RoleRow | undefined }> {
  const rows = await db
    .selectFrom('roles')
    .selectAll()
    .where('scope', '=', '')
    .where((eb) => eb.or([eb('default_creator', '=', 1), eb('default_member', '=', 1)]))
    .execute();
  return {
    creator: rows.find((r) => r.default_creator === 1),
    member: rows.find((r) => r.default_member === 1),
  };
}
