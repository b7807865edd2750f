// RolesService, organization roles: roles scoped to one organization, which may extend an
// environment role or another role of the same organization. Reads see the organization's roles
// and the environment's; changes reach only the organization's own roles.
import type { RolesService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/roles/roles_pb.js';
import type { AppContext } from '../app-context.ts';
import { invalidArgument } from '../contract/api-error.ts';
import type { ServiceHandlers } from '../contract/service-registry.ts';
import { requireOrganization } from '../organizations/organization-service.ts';
import { setOrganizationDefault } from './role-defaults.ts';
import { deleteRole } from './role-delete.ts';
import * as input from './role-input.ts';
import { requireVisibleRole } from './role-resolve.ts';
import { memberCount, organizationScope, rolesInScopes, type RoleScope } from './role-store.ts';
import { roleView, roleViews } from './role-views.ts';
import { createRole, removeBase, updateRole } from './role-writes.ts';

type Handlers = ServiceHandlers<typeof RolesService>;

export function organizationRoleHandlers(ctx: AppContext): Handlers {
  /** The organization named by org_id, which must exist, as a role scope. */
  const scopeOf = async (orgId: string): Promise<RoleScope> => {
    const org = await requireOrganization(ctx, input.organizationId(orgId));
    return organizationScope(org.id);
  };
  const viewIn = (scope: RoleScope) => ({ organizationId: scope.scope });

  return {
    async createOrganizationRole(req) {
      const scope = await scopeOf(req.orgId);
      if (!req.role) throw invalidArgument('role is required');
      const row = await createRole(ctx, scope, req.role);
      return { role: await roleView(ctx.db, row, viewIn(scope)) };
    },

    async getOrganizationRole(req) {
      const scope = await scopeOf(req.orgId);
      const include = input.include(req.include);
      const role = await requireVisibleRole(ctx.db, scope.scope, input.roleName(req.roleName));
      return { role: await roleView(ctx.db, role, { ...viewIn(scope), include }) };
    },

    async listOrganizationRoles(req) {
      const scope = await scopeOf(req.orgId);
      const include = input.include(req.include);
      const rows = await rolesInScopes(ctx.db, ['', scope.scope]);
      return { roles: await roleViews(ctx.db, rows, { ...viewIn(scope), include }) };
    },

    async updateOrganizationRole(req) {
      const scope = await scopeOf(req.orgId);
      if (!req.role) throw invalidArgument('role is required');
      const row = await updateRole(ctx, scope, req.roleName, req.role);
      return { role: await roleView(ctx.db, row, viewIn(scope)) };
    },

    async deleteOrganizationRole(req) {
      await deleteRole(ctx, await scopeOf(req.orgId), req.roleName, req.reassignRoleName);
      return {};
    },

    async getOrganizationRoleUsersCount(req) {
      const scope = await scopeOf(req.orgId);
      const role = await requireVisibleRole(ctx.db, scope.scope, input.roleName(req.roleName));
      return { count: BigInt(await memberCount(ctx.db, role.id, scope.scope)) };
    },

    async deleteOrganizationRoleBase(req) {
      await removeBase(ctx, await scopeOf(req.orgId), req.roleName);
      return {};
    },

    async updateDefaultOrganizationRoles(req) {
      const scope = await scopeOf(req.orgId);
      const role = await setOrganizationDefault(ctx, scope.scope, req.defaultMemberRole);
      return { defaultMember: await roleView(ctx.db, role, viewIn(scope)) };
    },
  };
}
