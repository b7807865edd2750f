// Role and permission rows as contract messages, and the event payloads that describe them.
import type { MessageInitShape } from '@bufbuild/protobuf';
import type {
  PermissionSchema,
  RolePermissionSchema,
  RoleSchema,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/roles/roles_pb.js';
import { toTimestamp } from '../util/time.ts';
import type { SourcedPermission } from './role-inheritance.ts';
import type { PermissionRow, RoleRow } from './role-lookup.ts';

export type RoleInit = MessageInitShape<typeof RoleSchema>;
export type PermissionInit = MessageInitShape<typeof PermissionSchema>;
type RolePermissionInit = MessageInitShape<typeof RolePermissionSchema>;

/** A role with what its message shows beyond its own row. */
export interface RoleView {
  row: RoleRow;
  baseName: string | undefined;
  dependentRolesCount: number;
  defaultCreator: boolean;
  defaultMember: boolean;
  /** Only when the request asked for them (`include`). */
  permissions: SourcedPermission[] | undefined;
}

export function toRole(view: RoleView): RoleInit {
  return {
    id: view.row.id,
    name: view.row.name,
    displayName: view.row.display_name,
    description: view.row.description,
    defaultCreator: view.defaultCreator,
    defaultMember: view.defaultMember,
    extends: view.baseName,
    permissions: (view.permissions ?? []).map(toRolePermission),
    dependentRolesCount: view.dependentRolesCount,
    isOrgRole: view.row.scope !== '',
  };
}

function toRolePermission({ permission, roleName }: SourcedPermission): RolePermissionInit {
  return {
    id: permission.id,
    name: permission.name,
    description: permission.description,
    createTime: toTimestamp(permission.created_at),
    updateTime: toTimestamp(permission.updated_at),
    roleName,
  };
}

export function toPermission(row: PermissionRow): PermissionInit {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    createTime: toTimestamp(row.created_at),
    updateTime: toTimestamp(row.updated_at),
    // Gatehouse predefines no permissions: every one was created in this environment.
    isScalekitPermission: false,
  };
}

/** The webhook/event form of a role: plain JSON with proto field names. */
export function roleEventData(
  row: RoleRow,
  baseName: string | undefined,
  permissionNames: string[],
): { role: Record<string, unknown> } {
  return {
    role: {
      id: row.id,
      name: row.name,
      display_name: row.display_name,
      description: row.description,
      extends: baseName ?? null,
      permissions: permissionNames,
      default_creator: row.default_creator === 1,
      default_member: row.default_member === 1,
      is_org_role: row.scope !== '',
      organization_id: row.organization_id,
      create_time: row.created_at,
      update_time: row.updated_at,
    },
  };
}

export function permissionEventData(row: PermissionRow): { permission: Record<string, unknown> } {
  return {
    permission: {
      id: row.id,
      name: row.name,
      description: row.description,
      create_time: row.created_at,
      update_time: row.updated_at,
    },
  };
}
