// What a signed-in person may do in the organization of their session: the role names of their
// active membership and the permissions those roles grant through inheritance. Tokens carry both.
import type { AppContext } from '../app-context.ts';
import { find, rolesOf } from '../users/membership-store.ts';
import { permissionsOfRoles } from '../users/permissions.ts';

export interface MemberAccess {
  roles: string[];
  permissions: string[];
}

/** Undefined when the person is no longer an active member of the organization. */
export async function memberAccess(
  ctx: AppContext,
  userId: string,
  organizationId: string,
): Promise<MemberAccess | undefined> {
  const membership = await find(ctx.db, organizationId, userId);
  if (!membership || membership.status !== 'active') return undefined;
  const roles = await rolesOf(ctx.db, [membership.id]);
  const permissions = await permissionsOfRoles(
    ctx,
    roles.map((r) => r.id),
  );
  return { roles: roles.map((r) => r.name), permissions: permissions.map((p) => p.name) };
}

/** The organizations a person may sign in to: active memberships, by organization name. */
export async function signInOrganizations(
  ctx: AppContext,
  userId: string,
): Promise<{ id: string; name: string }[]> {
  const rows = await ctx.db
    .selectFrom('memberships')
    .innerJoin('organizations', 'organizations.id', 'memberships.organization_id')
    .select(['organizations.id', 'organizations.display_name as name'])
    .where('memberships.user_id', '=', userId)
    .where('memberships.status', '=', 'active')
    .orderBy('organizations.display_name')
    .orderBy('organizations.id')
    .execute();
  return rows;
}
