// RolesService, permissions: environment-wide, uniquely named grants that roles hold. Each change
// runs through roleWrite, so cached effective permissions follow it.
import {
  PermissionType,
  type RolesService,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/roles/roles_pb.js';
import type { AppContext } from '../app-context.ts';
import { alreadyExists, invalidArgument, notFound } from '../contract/api-error.ts';
import type { ServiceHandlers } from '../contract/service-registry.ts';
import { appendEvent } from '../events/event-log.ts';
import { isUniqueViolation } from '../store/database.ts';
import { newId } from '../store/ids.ts';
import { pageTokens } from '../util/keyset-page.ts';
import { decodeCursor, pageSize } from '../util/page-token.ts';
import { isoNow } from '../util/time.ts';
import { findPermission, pagePermissions, rolesGranting } from './permission-store.ts';
import * as input from './role-input.ts';
import type { PermissionRow } from './role-lookup.ts';
import { permissionEventData, toPermission } from './role-mapper.ts';
import { roleWrite } from './role-write.ts';

type Handlers = ServiceHandlers<typeof RolesService>;
type EventType = 'permission.created' | 'permission.updated' | 'permission.deleted';

export function permissionHandlers(ctx: AppContext): Handlers {
  const requirePermission = async (db: AppContext['db'], name: string): Promise<PermissionRow> => {
    const row = await findPermission(db, input.permissionName(name));
    if (!row) throw notFound(`permission ${name} not found`);
    return row;
  };
  const event = (db: AppContext['db'], type: EventType, row: PermissionRow, extra = {}) =>
    appendEvent(db, ctx.environmentId, {
      type,
      organizationId: null,
      object: 'Permission',
      data: { ...permissionEventData(row), ...extra },
    });
  const duplicate = (name: string) => (error: unknown) => {
    if (isUniqueViolation(error)) throw alreadyExists(`a permission named ${name} already exists`);
    throw error;
  };

  return {
    async createPermission(req) {
      if (!req.permission) throw invalidArgument('permission is required');
      const name = input.permissionName(req.permission.name, 'name');
      const description = input.description(req.permission.description);
      const now = isoNow();
      const row: PermissionRow = { id: newId('perm'), name, description, created_at: now, updated_at: now };
      await roleWrite(ctx, async (trx) => {
        if (await findPermission(trx, name)) throw alreadyExists(`a permission named ${name} already exists`);
        await trx.insertInto('permissions').values(row).execute();
        await event(trx, 'permission.created', row);
      }).catch(duplicate(name));
      return { permission: toPermission(row) };
    },

    async getPermission(req) {
      return { permission: toPermission(await requirePermission(ctx.db, req.permissionName)) };
    },

    // PUT semantics: the description is replaced; an empty name keeps the current one.
    async updatePermission(req) {
      input.permissionName(req.permissionName);
      if (!req.permission) throw invalidArgument('permission is required');
      const rename = req.permission.name ? input.permissionName(req.permission.name, 'name') : undefined;
      const description = input.description(req.permission.description);
      const next = await roleWrite(ctx, async (trx) => {
        const current = await requirePermission(trx, req.permissionName);
        const name = rename ?? current.name;
        if (name !== current.name && (await findPermission(trx, name))) {
          throw alreadyExists(`a permission named ${name} already exists`);
        }
        const row: PermissionRow = { ...current, name, description, updated_at: isoNow() };
        await trx.updateTable('permissions').set(row).where('id', '=', current.id).execute();
        await event(trx, 'permission.updated', row);
        return row;
      }).catch(duplicate(rename ?? req.permissionName));
      return { permission: toPermission(next) };
    },

    async listPermissions(req) {
      const size = pageSize(req.pageSize ?? 0);
      const cursor = decodeCursor(req.pageToken ?? '');
      // Gatehouse has no predefined (Scalekit) permissions: every permission is the environment's.
      if (req.type === PermissionType.SCALEKIT) {
        return { permissions: [], totalSize: 0, nextPageToken: '', prevPageToken: '' };
      }
      const page = await pagePermissions(ctx.db, cursor, size);
      return {
        permissions: page.rows.map(toPermission),
        totalSize: page.total,
        ...pageTokens(page, (row) => row.id),
      };
    },

    // Roles that granted the permission lose it with it; the event names them.
    async deletePermission(req) {
      await roleWrite(ctx, async (trx) => {
        const row = await requirePermission(trx, req.permissionName);
        const roles = await rolesGranting(trx, row.id);
        await trx.deleteFrom('role_permissions').where('permission_id', '=', row.id).execute();
        await trx.deleteFrom('permissions').where('id', '=', row.id).execute();
        await event(trx, 'permission.deleted', row, { removed_from_roles: roles });
      });
      return {};
    },
  };
}
