// Permissions and the permissions of roles: the same method names, argument order and result
// shapes as the official SDK's `scalekit.permission`, over the REST routes of
// scalekit.v1.roles.RolesService.
import { invalidArgument } from './errors.ts';
import type { HttpClient } from './http.ts';
import { requireField, withPageDefaults } from './response.ts';
import type {
  CreatePermissionInput,
  ListPermissionsResponse,
  PermissionResponse,
  PermissionsResponse,
} from './role-types.ts';
import type { Empty } from './types.ts';
import { apiPath } from './url.ts';

// Every method is async, so invalid arguments reject the returned promise instead of throwing.
export class PermissionClient {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  async createPermission(permission: CreatePermissionInput): Promise<PermissionResponse> {
    return this.#permission('POST', '/api/v1/permissions', 'createPermission', permission);
  }

  async getPermission(permissionName: string): Promise<PermissionResponse> {
    return this.#permission('GET', apiPath`/api/v1/permissions/${permissionName}`, 'getPermission');
  }

  /** Pagination is positional, as in the official SDK. */
  async listPermissions(pageToken?: string, pageSize?: number): Promise<ListPermissionsResponse> {
    const response = await this.#http.request<ListPermissionsResponse>({
      method: 'GET',
      path: '/api/v1/permissions',
      query: { pageToken, pageSize },
    });
    return withPageDefaults(response, 'permissions');
  }

  /** Replaces the description; a non-empty `name` renames the permission. */
  async updatePermission(
    permissionName: string,
    permission: CreatePermissionInput,
  ): Promise<PermissionResponse> {
    const path = apiPath`/api/v1/permissions/${permissionName}`;
    return this.#permission('PUT', path, 'updatePermission', permission);
  }

  /** Roles that had the permission lose it. */
  async deletePermission(permissionName: string): Promise<Empty> {
    return this.#http.request<Empty>({
      method: 'DELETE',
      path: apiPath`/api/v1/permissions/${permissionName}`,
    });
  }

  /** The role's own permissions (not inherited ones). */
  async listRolePermissions(roleName: string): Promise<PermissionsResponse> {
    return this.#permissions('GET', apiPath`/api/v1/roles/${roleName}/permissions`);
  }

  /** Returns every permission of the role afterwards; adding one it has is not an error. */
  async addPermissionsToRole(roleName: string, permissionNames: string[]): Promise<PermissionsResponse> {
    if (!Array.isArray(permissionNames) || permissionNames.length === 0) {
      throw invalidArgument('permissionNames must name at least one permission');
    }
    return this.#permissions('POST', apiPath`/api/v1/roles/${roleName}/permissions`, { permissionNames });
  }

  async removePermissionFromRole(roleName: string, permissionName: string): Promise<Empty> {
    const path = apiPath`/api/v1/roles/${roleName}/permissions/${permissionName}`;
    return this.#http.request<Empty>({ method: 'DELETE', path });
  }

  /** The role's own permissions and every one it inherits through `extends`, each once, by name. */
  async listEffectiveRolePermissions(roleName: string): Promise<PermissionsResponse> {
    return this.#permissions('GET', apiPath`/api/v1/roles/${roleName}/permissions:all`);
  }

  async #permission(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    operation: string,
    body?: object,
  ): Promise<PermissionResponse> {
    const response = await this.#http.request<PermissionResponse>(
      body ? { method, path, body } : { method, path },
    );
    return { ...response, permission: requireField(response, 'permission', operation) };
  }

  async #permissions(method: 'GET' | 'POST', path: string, body?: object): Promise<PermissionsResponse> {
    const response = await this.#http.request<Partial<PermissionsResponse>>(
      body ? { method, path, body } : { method, path },
    );
    return { ...response, permissions: response.permissions ?? [] };
  }
}
