// RolesService: every method of the contract's roles service, from four handler maps that each
// keep one job (environment roles, organization roles, permissions, a role's permissions).
import type { RolesService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/roles/roles_pb.js';
import type { AppContext } from '../app-context.ts';
import type { ServiceHandlers } from '../contract/service-registry.ts';
import { organizationRoleHandlers } from './org-role-handlers.ts';
import { permissionHandlers } from './permission-handlers.ts';
import { environmentRoleHandlers } from './role-handlers.ts';
import { rolePermissionHandlers } from './role-permission-handlers.ts';

export function rolesServiceHandlers(ctx: AppContext): ServiceHandlers<typeof RolesService> {
  return {
    ...environmentRoleHandlers(ctx),
    ...organizationRoleHandlers(ctx),
    ...permissionHandlers(ctx),
    ...rolePermissionHandlers(ctx),
  };
}
