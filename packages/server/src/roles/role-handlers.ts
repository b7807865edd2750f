// RolesService, environment roles: create, read, list, update, delete (with reassignment), users
// count, dependents, base removal and the environment's default roles.
import type { RolesService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/roles/roles_pb.js';
import type { AppContext } from '../app-context.ts';
import { invalidArgument } from '../contract/api-error.ts';
import type { ServiceHandlers } from '../contract/service-registry.ts';
import { setEnvironmentDefaults } from './role-defaults.ts';
import { deleteRole } from './role-delete.ts';
import * as input from './role-input.ts';
import { requireOwnRole } from './role-resolve.ts';
import { dependents, ENVIRONMENT, memberCount, rolesInScopes } from './role-store.ts';
import { roleView, roleViews } from './role-views.ts';
import { createRole, removeBase, updateRole } from './role-writes.ts';

type Handlers = ServiceHandlers<typeof RolesService>;

export function environmentRoleHandlers(ctx: AppContext): Handlers {
  const environmentRole = (name: string) => requireOwnRole(ctx.db, ENVIRONMENT, input.roleName(name));

  return {
    async createRole(req) {
      if (!req.role) throw invalidArgument('role is required');
      const row = await createRole(ctx, ENVIRONMENT, req.role);
      return { role: await roleView(ctx.db, row) };
    },

    async getRole(req) {
      const include = input.include(req.include);
      return { role: await roleView(ctx.db, await environmentRole(req.roleName), { include }) };
    },

    async listRoles(req) {
      const include = input.include(req.include);
      return { roles: await roleViews(ctx.db, await rolesInScopes(ctx.db, ['']), { include }) };
    },

    async updateRole(req) {
      if (!req.role) throw invalidArgument('role is required');
      const row = await updateRole(ctx, ENVIRONMENT, req.roleName, req.role);
      return { role: await roleView(ctx.db, row) };
    },

    async deleteRole(req) {
      // reassign_role_id is deprecated but, as its description says, carries a role name too.
      await deleteRole(ctx, ENVIRONMENT, req.roleName, req.reassignRoleName || req.reassignRoleId);
      return {};
    },

    async getRoleUsersCount(req) {
      const role = await environmentRole(req.roleName);
      return { count: BigInt(await memberCount(ctx.db, role.id)) };
    },

    async listDependentRoles(req) {
      const role = await environmentRole(req.roleName);
      return { roles: await roleViews(ctx.db, await dependents(ctx.db, role.id)) };
    },

    async deleteRoleBase(req) {
      await removeBase(ctx, ENVIRONMENT, req.roleName);
      return {};
    },

    async updateDefaultRoles(req) {
      const defaults = await setEnvironmentDefaults(ctx, {
        creator: { name: req.defaultCreatorRole, legacy: req.defaultCreator },
        member: { name: req.defaultMemberRole, legacy: req.defaultMember },
      });
      return {
        defaultCreator: defaults.creator ? await roleView(ctx.db, defaults.creator) : undefined,
        defaultMember: defaults.member ? await roleView(ctx.db, defaults.member) : undefined,
      };
    },
  };
}
