// At an SSO login through a connection with `role:` mappings (connections/role-mappings.ts), the IdP
// is the source of truth for the member's roles in the connection's organization: they become the
// roles the asserted groups grant, or the organization's default role when none match. Only that
// organization's membership is touched, and organization.membership_updated is written only when the
// roles actually change. A connection without role mappings never touches roles.
import type { AppContext } from '../app-context.ts';
import type { ConnectionRow } from '../connections/connection-store.ts';
import { roleMappings, rolesForGroups } from '../connections/role-mappings.ts';
import { defaultMemberRole } from '../roles/role-lookup.ts';
import * as memberships from '../users/membership-store.ts';
import type { RoleRef } from '../users/membership-store.ts';
import { membershipChanged } from '../users/user-events.ts';
import { lockMembership } from '../users/user-lookup.ts';
import * as users from '../users/user-store.ts';
import { isoNow } from '../util/time.ts';

/**
 * The roles the asserted groups grant in the connection's organization; undefined when the
 * connection maps no groups to roles. A mapped role deleted since the mapping was saved is skipped
 * (and logged); when nothing is left, the organization's default role, if there is one.
 */
export async function rolesFromGroups(
  ctx: AppContext,
  connection: ConnectionRow,
  groups: string[],
): Promise<RoleRef[] | undefined> {
  const organizationId = connection.organization_id;
  const mappings = roleMappings(JSON.parse(connection.attribute_mapping) as Record<string, string>);
  if (!organizationId || mappings.size === 0) return undefined;
  const names = rolesForGroups(mappings, groups);
  const rows =
    names.length === 0
      ? []
      : await ctx.db
          .selectFrom('roles')
          .select(['id', 'name', 'display_name', 'scope'])
          .where('name', 'in', names)
          .where('scope', 'in', ['', organizationId])
          .execute();
  // The organization's own role wins over an environment role of the same name.
  const byName = new Map<string, RoleRef>();
  for (const row of rows.sort((a, b) => a.scope.length - b.scope.length)) {
    byName.set(row.name, { id: row.id, name: row.name, display_name: row.display_name });
  }
  const gone = names.filter((name) => !byName.has(name));
  if (gone.length > 0) {
    ctx.logger.warn(
      { connectionId: connection.id, roles: gone },
      'SSO group mapping names roles that no longer exist',
    );
  }
  if (byName.size > 0) return [...byName.values()];
  const fallback = await defaultMemberRole(ctx.db, organizationId);
  return fallback ? [{ id: fallback.id, name: fallback.name, display_name: fallback.display_name }] : [];
}

/** Makes `roles` the member's whole role set in the organization; an event only if it changed. */
export async function setMemberRoles(
  ctx: AppContext,
  organizationId: string,
  userId: string,
  roles: RoleRef[],
): Promise<boolean> {
  const wanted = [...new Set(roles.map((r) => r.id))].sort();
  return ctx.db.transaction().execute(async (trx) => {
    const membership = await lockMembership(trx, ctx.store.engine, organizationId, userId);
    const held = (await memberships.rolesOf(trx, [membership.id])).map((r) => r.id).sort();
    if (held.length === wanted.length && held.every((id, i) => id === wanted[i])) return false;
    await memberships.replaceRoles(trx, membership.id, wanted);
    await memberships.update(trx, { ...membership, updated_at: isoNow() });
    const user = await users.findById(trx, userId);
    if (!user) throw new Error(`user ${userId} vanished mid-transaction`);
    await membershipChanged(trx, ctx.environmentId, 'organization.membership_updated', user, organizationId);
    return true;
  });
}
