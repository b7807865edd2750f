// RolesService, the permissions of an environment role: its own (list, add, remove) and its
// effective ones, inherited through `extends` to any depth.
import type { RolesService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/roles/roles_pb.js';
import type { AppContext } from '../app-context.ts';
import { invalidArgument, notFound } from '../contract/api-error.ts';
import type { ServiceHandlers } from '../contract/service-registry.ts';
import { isoNow } from '../util/time.ts';
import {
  directPermissions,
  findPermission,
  grantPermissions,
  requirePermissions,
} from './permission-store.ts';
import { effectiveGrants } from './role-inheritance.ts';
import * as input from './role-input.ts';
import type { RoleRow } from './role-lookup.ts';
import { toPermission } from './role-mapper.ts';
import { requireOwnRole } from './role-resolve.ts';
import { ENVIRONMENT } from './role-store.ts';
import { roleWrite } from './role-write.ts';
import { appendRoleEvent } from './role-writes.ts';

type Handlers = ServiceHandlers<typeof RolesService>;

export function rolePermissionHandlers(ctx: AppContext): Handlers {
  const environmentRole = (db: AppContext['db'], name: string) =>
    requireOwnRole(db, ENVIRONMENT, input.roleName(name));

  return {
    async listRolePermissions(req) {
      const role = await environmentRole(ctx.db, req.roleName);
      return { permissions: (await directPermissions(ctx.db, role.id)).map(toPermission) };
    },

    // Adding a permission the role already has is not an error; the answer is the role's full list.
    async addPermissionsToRole(req) {
      input.roleName(req.roleName);
      const names = input.permissionNames(req.permissionNames, 'permission_names');
      if (names.length === 0) throw invalidArgument('permission_names must name at least one permission');
      const permissions = await roleWrite(ctx, async (trx) => {
        const role = await environmentRole(trx, req.roleName);
        const granted = await requirePermissions(trx, names);
        const now = isoNow();
        await grantPermissions(
          trx,
          role.id,
          granted.map((p) => p.id),
          now,
        );
        await touchAndRecord(trx, role, now);
        return directPermissions(trx, role.id);
      });
      return { permissions: permissions.map(toPermission) };
    },

    async removePermissionFromRole(req) {
      input.roleName(req.roleName);
      const name = input.permissionName(req.permissionName);
      await roleWrite(ctx, async (trx) => {
        const role = await environmentRole(trx, req.roleName);
        const permission = await findPermission(trx, name);
        if (!permission) throw notFound(`permission ${name} not found`);
        const removed = await trx
          .deleteFrom('role_permissions')
          .where('role_id', '=', role.id)
          .where('permission_id', '=', permission.id)
          .executeTakeFirst();
        if (Number(removed.numDeletedRows) === 0) {
          throw notFound(
            `role ${role.name} does not have permission ${name} (inherited ones stay with their role)`,
          );
        }
        await touchAndRecord(trx, role, isoNow());
      });
      return {};
    },

    async listEffectiveRolePermissions(req) {
      const role = await environmentRole(ctx.db, req.roleName);
      const sourced = (await effectiveGrants(ctx.db, [role.id])).get(role.id) ?? [];
      return { permissions: sourced.map((s) => toPermission(s.permission)) };
    },
  };

  async function touchAndRecord(trx: AppContext['db'], role: RoleRow, now: string): Promise<void> {
    const next = { ...role, updated_at: now };
    await trx.updateTable('roles').set({ updated_at: now }).where('id', '=', role.id).execute();
    await appendRoleEvent(ctx, trx, 'role.updated', next);
  }
}
