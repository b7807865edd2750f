// UserService, a member's roles in one organization: list, assign (added to those held), remove
// one, and the effective permissions they grant through inheritance.
import type { UserService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/users/users_pb.js';
import type { AppContext } from '../app-context.ts';
import { invalidArgument, notFound } from '../contract/api-error.ts';
import type { ServiceHandlers } from '../contract/service-registry.ts';
import { resolveRoleNames } from '../roles/role-lookup.ts';
import { isoNow } from '../util/time.ts';
import { resolveRoles } from './membership-roles.ts';
import * as memberships from './membership-store.ts';
import type { MembershipRow } from './membership-store.ts';
import { permissionsOfRoles } from './permissions.ts';
import { membershipChanged } from './user-events.ts';
import { lockMembership, requireMembership, requireOrganization, requireUser } from './user-lookup.ts';
import { toRole } from './user-mapper.ts';
import type { UserRow } from './user-store.ts';
import { rethrowWriteConflict } from './write-errors.ts';

type Handlers = ServiceHandlers<typeof UserService>;

export function userRoleHandlers(ctx: AppContext): Handlers {
  const env = ctx.environmentId;

  async function member(
    organizationId: string,
    userId: string,
  ): Promise<{ user: UserRow; membership: MembershipRow }> {
    const org = await requireOrganization(ctx.db, organizationId);
    const user = await requireUser(ctx.db, userId);
    return { user, membership: await requireMembership(ctx.db, org.id, user.id) };
  }

  async function rolesOf(membershipId: string) {
    return (await memberships.rolesOf(ctx.db, [membershipId])).map(toRole);
  }

  return {
    async listUserRoles(req) {
      const { membership } = await member(req.organizationId, req.userId);
      return { roles: await rolesOf(membership.id) };
    },

    async assignUserRoles(req) {
      const { user, membership } = await member(req.organizationId, req.userId);
      if (req.roles.length === 0) throw invalidArgument('roles is required');
      const requested = req.roles.map((r) => ({ name: r.roleName, id: r.id }));
      await ctx.db
        .transaction()
        .execute(async (trx) => {
          const current = await lockMembership(trx, ctx.store.engine, membership.organization_id, user.id);
          const roles = await resolveRoles(trx, current.organization_id, requested);
          await memberships.addRoles(
            trx,
            current.id,
            roles.map((r) => r.id),
          );
          await memberships.update(trx, { ...current, updated_at: isoNow() });
          await membershipChanged(trx, env, 'organization.membership_updated', user, current.organization_id);
        })
        .catch((error: unknown) => rethrowWriteConflict(error, 'the membership changed meanwhile'));
      return { roles: await rolesOf(membership.id) };
    },

    async removeUserRole(req) {
      const { user, membership } = await member(req.organizationId, req.userId);
      const name = req.roleName.trim();
      if (!name) throw invalidArgument('role_name is required');
      await ctx.db.transaction().execute(async (trx) => {
        const current = await lockMembership(trx, ctx.store.engine, membership.organization_id, user.id);
        const [role] = await resolveRoleNames(trx, current.organization_id, [name]);
        if (!role || !(await memberships.removeRole(trx, current.id, role.id))) {
          throw notFound(
            `user ${user.id} does not have role ${name} in organization ${current.organization_id}`,
          );
        }
        await memberships.update(trx, { ...current, updated_at: isoNow() });
        await membershipChanged(trx, env, 'organization.membership_updated', user, current.organization_id);
      });
      return {};
    },

    async listUserPermissions(req) {
      const { membership } = await member(req.organizationId, req.userId);
      const roleIds = (await memberships.rolesOf(ctx.db, [membership.id])).map((r) => r.id);
      const permissions = await permissionsOfRoles(ctx, roleIds);
      return {
        permissions: permissions.map((p) => ({
          id: p.id,
          name: p.name,
          description: p.description,
          tags: [],
        })),
      };
    },
  };
}
