// Role and permission shapes (scalekit.v1.roles), camelCase, as returned by RoleClient and
// PermissionClient.
import type { Page, Timestamp } from './types.ts';

export interface Permission {
  /** `perm_…` */
  id: string;
  /** e.g. `read:users`, `perm.read` */
  name: string;
  description: string;
  createTime?: Timestamp;
  updateTime?: Timestamp;
  /** Always false on Gatehouse: every permission is your environment's own. */
  isScalekitPermission: boolean;
}

/** A permission of a role, with the role it comes from (itself, or a role it extends). */
export interface RolePermission {
  id: string;
  name: string;
  description: string;
  createTime?: Timestamp;
  updateTime?: Timestamp;
  roleName: string;
}

export interface Role {
  /** `role_…` */
  id: string;
  /** e.g. `org_admin`: letters, digits and underscores, 1-64 characters. */
  name: string;
  displayName: string;
  description: string;
  defaultCreator: boolean;
  defaultMember: boolean;
  /** The name of the role this one extends (inherits every permission of). */
  extends?: string;
  /** Present only when read with `include`; empty otherwise. */
  permissions: RolePermission[];
  dependentRolesCount: number;
  isOrgRole: boolean;
}

export interface CreateRoleInput {
  name: string;
  displayName: string;
  description?: string;
  /** Name of the base role to inherit from. */
  extends?: string;
  /** Names of existing permissions. */
  permissions?: string[];
}
export type CreateOrganizationRoleInput = CreateRoleInput;

/** Only the fields given change. `extends: ''` removes the base; a non-empty `permissions` replaces the role's own. */
export interface UpdateRoleInput {
  displayName?: string;
  description?: string;
  extends?: string;
  permissions?: string[];
}

/** What a role read includes: its own permissions, or every effective one (with their source role). */
export type RoleInclude = 'permissions' | 'permissions:all';

export interface RoleReadOptions {
  include?: RoleInclude;
}

export interface RoleResponse {
  role: Role;
}
export type CreateRoleResponse = RoleResponse;
export type GetRoleResponse = RoleResponse;
export type UpdateRoleResponse = RoleResponse;
export type CreateOrganizationRoleResponse = RoleResponse;
export type GetOrganizationRoleResponse = RoleResponse;
export type UpdateOrganizationRoleResponse = RoleResponse;

export interface ListRolesResponse {
  roles: Role[];
}
export type ListOrganizationRolesResponse = ListRolesResponse;
export type ListDependentRolesResponse = ListRolesResponse;

/** A count of members, as a bigint like the official SDK's int64. */
export interface RoleUsersCountResponse {
  count: bigint;
}

export interface UpdateDefaultRolesOptions {
  defaultCreatorRole?: string;
  defaultMemberRole?: string;
}

export interface UpdateDefaultRolesResponse {
  defaultCreator?: Role;
  defaultMember?: Role;
}

export interface UpdateDefaultOrganizationRolesResponse {
  defaultMember?: Role;
}

export interface CreatePermissionInput {
  name: string;
  description?: string;
}

export interface PermissionResponse {
  permission: Permission;
}
export type CreatePermissionResponse = PermissionResponse;
export type GetPermissionResponse = PermissionResponse;
export type UpdatePermissionResponse = PermissionResponse;

export interface ListPermissionsResponse extends Page {
  permissions: Permission[];
}

export interface PermissionsResponse {
  permissions: Permission[];
}
export type ListRolePermissionsResponse = PermissionsResponse;
export type AddPermissionsToRoleResponse = PermissionsResponse;
export type ListEffectiveRolePermissionsResponse = PermissionsResponse;
