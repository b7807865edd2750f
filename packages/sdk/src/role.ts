// Roles: the same method names, argument order and result shapes as the official SDK's
// `scalekit.role`, over the REST routes of scalekit.v1.roles.RolesService. Additions: the reads take
// an optional `{ include }` to return permissions (the contract's `include` field).
import { invalidArgument } from './errors.ts';
import type { HttpClient } from './http.ts';
import { requireField } from './response.ts';
import type {
  CreateOrganizationRoleInput,
  CreateRoleInput,
  ListRolesResponse,
  Role,
  RoleReadOptions,
  RoleResponse,
  RoleUsersCountResponse,
  UpdateDefaultOrganizationRolesResponse,
  UpdateDefaultRolesOptions,
  UpdateDefaultRolesResponse,
  UpdateRoleInput,
} from './role-types.ts';
import type { Empty } from './types.ts';
import { apiPath } from './url.ts';

// Every method is async, so invalid arguments reject the returned promise instead of throwing.
export class RoleClient {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  async createRole(role: CreateRoleInput): Promise<RoleResponse> {
    return this.#role('POST', '/api/v1/roles', 'createRole', role);
  }

  async getRole(roleName: string, options: RoleReadOptions = {}): Promise<RoleResponse> {
    return this.#role('GET', apiPath`/api/v1/roles/${roleName}`, 'getRole', undefined, options);
  }

  async listRoles(options: RoleReadOptions = {}): Promise<ListRolesResponse> {
    return this.#roles('/api/v1/roles', options);
  }

  /** Changes only the fields given; a non-empty `permissions` replaces the role's own permissions. */
  async updateRole(roleName: string, role: UpdateRoleInput): Promise<RoleResponse> {
    return this.#role('PUT', apiPath`/api/v1/roles/${roleName}`, 'updateRole', role);
  }

  /** Members holding the role move to `reassignRoleName`; without it, a role with members is refused. */
  async deleteRole(roleName: string, reassignRoleName?: string): Promise<Empty> {
    const path = apiPath`/api/v1/roles/${roleName}`;
    return this.#http.request<Empty>({ method: 'DELETE', path, query: { reassignRoleName } });
  }

  /** The role stops extending its base and keeps only its own permissions. */
  async deleteRoleBase(roleName: string): Promise<Empty> {
    return this.#http.request<Empty>({ method: 'DELETE', path: apiPath`/api/v1/roles/${roleName}/base` });
  }

  async getRoleUsersCount(roleName: string): Promise<RoleUsersCountResponse> {
    return this.#count(apiPath`/api/v1/roles/${roleName}/users:count`);
  }

  async createOrganizationRole(orgId: string, role: CreateOrganizationRoleInput): Promise<RoleResponse> {
    const path = apiPath`/api/v1/organizations/${orgId}/roles`;
    return this.#role('POST', path, 'createOrganizationRole', role);
  }

  async getOrganizationRole(
    orgId: string,
    roleName: string,
    options: RoleReadOptions = {},
  ): Promise<RoleResponse> {
    const path = apiPath`/api/v1/organizations/${orgId}/roles/${roleName}`;
    return this.#role('GET', path, 'getOrganizationRole', undefined, options);
  }

  /** The organization's own roles and the environment's. */
  async listOrganizationRoles(orgId: string, options: RoleReadOptions = {}): Promise<ListRolesResponse> {
    return this.#roles(apiPath`/api/v1/organizations/${orgId}/roles`, options);
  }

  async updateOrganizationRole(
    orgId: string,
    roleName: string,
    role: UpdateRoleInput,
  ): Promise<RoleResponse> {
    const path = apiPath`/api/v1/organizations/${orgId}/roles/${roleName}`;
    return this.#role('PUT', path, 'updateOrganizationRole', role);
  }

  async deleteOrganizationRole(orgId: string, roleName: string, reassignRoleName?: string): Promise<Empty> {
    const path = apiPath`/api/v1/organizations/${orgId}/roles/${roleName}`;
    return this.#http.request<Empty>({ method: 'DELETE', path, query: { reassignRoleName } });
  }

  /** Members of this organization holding the role. */
  async getOrganizationRoleUsersCount(orgId: string, roleName: string): Promise<RoleUsersCountResponse> {
    return this.#count(apiPath`/api/v1/organizations/${orgId}/roles/${roleName}/users:count`);
  }

  /** Only the options given change. */
  async updateDefaultRoles(options: UpdateDefaultRolesOptions = {}): Promise<UpdateDefaultRolesResponse> {
    const { defaultCreatorRole, defaultMemberRole } = options;
    if (defaultCreatorRole === '') throw invalidArgument('defaultCreatorRole cannot be empty');
    if (defaultMemberRole === '') throw invalidArgument('defaultMemberRole cannot be empty');
    const response = await this.#http.request<UpdateDefaultRolesResponse>({
      method: 'PATCH',
      path: '/api/v1/roles:set_defaults',
      body: { defaultCreatorRole, defaultMemberRole },
    });
    return {
      ...response,
      defaultCreator: response.defaultCreator && withLists(response.defaultCreator),
      defaultMember: response.defaultMember && withLists(response.defaultMember),
    };
  }

  /** Roles that extend this one directly. */
  async listDependentRoles(roleName: string): Promise<ListRolesResponse> {
    if (!roleName) throw invalidArgument('roleName is required');
    return this.#roles(apiPath`/api/v1/roles/${roleName}/dependents`, {});
  }

  async updateDefaultOrganizationRoles(
    orgId: string,
    defaultMemberRole: string,
  ): Promise<UpdateDefaultOrganizationRolesResponse> {
    const response = await this.#http.request<UpdateDefaultOrganizationRolesResponse>({
      method: 'PATCH',
      path: apiPath`/api/v1/organizations/${orgId}/roles:set_defaults`,
      body: { defaultMemberRole },
    });
    return { ...response, defaultMember: response.defaultMember && withLists(response.defaultMember) };
  }

  async deleteOrganizationRoleBase(orgId: string, roleName: string): Promise<Empty> {
    const path = apiPath`/api/v1/organizations/${orgId}/roles/${roleName}/base`;
    return this.#http.request<Empty>({ method: 'DELETE', path });
  }

  async #role(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    operation: string,
    body?: object,
    options: RoleReadOptions = {},
  ): Promise<RoleResponse> {
    const query = { include: options.include };
    const response = await this.#http.request<RoleResponse>(
      body ? { method, path, body, query } : { method, path, query },
    );
    return { ...response, role: withLists(requireField(response, 'role', operation)) };
  }

  async #roles(path: string, options: RoleReadOptions): Promise<ListRolesResponse> {
    const response = await this.#http.request<Partial<ListRolesResponse>>({
      method: 'GET',
      path,
      query: { include: options.include },
    });
    return { ...response, roles: (response.roles ?? []).map(withLists) };
  }

  async #count(path: string): Promise<RoleUsersCountResponse> {
    const response = await this.#http.request<{ count?: string | number }>({ method: 'GET', path });
    // int64 travels as a JSON string; a bigint, as the official SDK returns it.
    return { ...response, count: BigInt(response.count ?? 0) };
  }
}

// proto3 JSON may leave out empty lists; the types promise them.
function withLists(role: Role): Role {
  return { ...role, permissions: role.permissions ?? [] };
}
