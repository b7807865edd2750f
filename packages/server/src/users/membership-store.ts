// Queries over memberships and their roles. Knows rows and SQL, nothing of protobuf or HTTP.
import type { Kysely, Selectable } from 'kysely';
import type { Database, MembershipTable } from '../store/schema.ts';
import { adjustMemberCount } from './member-count.ts';

export type MembershipRow = Selectable<MembershipTable>;

/** A role as a membership carries it. */
export interface RoleRef {
  id: string;
  name: string;
  display_name: string;
}

export interface MembershipRoleRef extends RoleRef {
  membership_id: string;
}

export function find(
  db: Kysely<Database>,
  organizationId: string,
  userId: string,
): Promise<MembershipRow | undefined> {
  return db
    .selectFrom('memberships')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** The memberships of some users, each with its organization's display name. */
export function listForUsers(
  db: Kysely<Database>,
  userIds: string[],
): Promise<(MembershipRow & { organization_name: string })[]> {
  if (userIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('memberships')
    .innerJoin('organizations', 'organizations.id', 'memberships.organization_id')
    .selectAll('memberships')
    .select('organizations.display_name as organization_name')
    .where('memberships.user_id', 'in', userIds)
    .orderBy('memberships.organization_id')
    .execute();
}

export function listForOrganization(db: Kysely<Database>, organizationId: string): Promise<MembershipRow[]> {
  return db
    .selectFrom('memberships')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy('user_id')
    .execute();
}

export function listForUser(db: Kysely<Database>, userId: string): Promise<MembershipRow[]> {
  return db
    .selectFrom('memberships')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('organization_id')
    .execute();
}

/** The roles of some memberships, by role name within each. */
export function rolesOf(db: Kysely<Database>, membershipIds: string[]): Promise<MembershipRoleRef[]> {
  if (membershipIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('membership_roles')
    .innerJoin('roles', 'roles.id', 'membership_roles.role_id')
    .select(['membership_roles.membership_id', 'roles.id', 'roles.name', 'roles.display_name'])
    .where('membership_roles.membership_id', 'in', membershipIds)
    .orderBy('roles.name')
    .execute();
}

// Every insert and delete of memberships goes through this file and keeps the organization's
// member_count with it; `db` must be the transaction doing the write.

export async function insert(trx: Kysely<Database>, row: MembershipRow): Promise<void> {
  await trx.insertInto('memberships').values(row).execute();
  await adjustMemberCount(trx, row.organization_id, 1);
}

export async function update(db: Kysely<Database>, row: MembershipRow): Promise<void> {
  await db.updateTable('memberships').set(row).where('id', '=', row.id).execute();
}

/** Counted down only if this statement deleted the row: a concurrent delete may have got there first. */
export async function remove(
  trx: Kysely<Database>,
  membership: Pick<MembershipRow, 'id' | 'organization_id'>,
): Promise<void> {
  const result = await trx.deleteFrom('memberships').where('id', '=', membership.id).executeTakeFirst();
  if (Number(result.numDeletedRows) > 0) await adjustMemberCount(trx, membership.organization_id, -1);
}

/**
 * Deletes every membership of a user (before the user row goes: the foreign key would remove them
 * without counting). Only the rows this statement deleted are counted down, and the organizations
 * are updated in id order, so two user deletions sharing organizations lock them in the same order.
 */
export async function removeAllOfUser(trx: Kysely<Database>, userId: string): Promise<void> {
  const deleted = await trx
    .deleteFrom('memberships')
    .where('user_id', '=', userId)
    .returning('organization_id')
    .execute();
  const organizations = deleted.map((row) => row.organization_id).sort();
  for (const organizationId of organizations) await adjustMemberCount(trx, organizationId, -1);
}

/** Adds roles to a membership; roles it already has are left as they are. */
export async function addRoles(db: Kysely<Database>, membershipId: string, roleIds: string[]): Promise<void> {
  if (roleIds.length === 0) return;
  await db
    .insertInto('membership_roles')
    .values(roleIds.map((role_id) => ({ membership_id: membershipId, role_id })))
    .onConflict((oc) => oc.columns(['membership_id', 'role_id']).doNothing())
    .execute();
}

/** Makes `roleIds` the membership's whole role set. */
export async function replaceRoles(
  db: Kysely<Database>,
  membershipId: string,
  roleIds: string[],
): Promise<void> {
  await db.deleteFrom('membership_roles').where('membership_id', '=', membershipId).execute();
  await addRoles(db, membershipId, roleIds);
}

/** Removes one role; resolves with whether the membership had it. */
export async function removeRole(
  db: Kysely<Database>,
  membershipId: string,
  roleId: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('membership_roles')
    .where('membership_id', '=', membershipId)
    .where('role_id', '=', roleId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
