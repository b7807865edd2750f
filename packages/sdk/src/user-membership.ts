// The membership half of `scalekit.user`: adding users to organizations, their roles there, and
// invitations. UserClient extends this class, so users see one object with every method of the
// official SDK (same names, argument order and results), while each file keeps one job.
import { invalidArgument } from './errors.ts';
import type { HttpClient } from './http.ts';
import { requireField } from './response.ts';
import type { Empty } from './types.ts';
import { apiPath } from './url.ts';
import type {
  AssignUserRolesResponse,
  CreateMembershipOptions,
  CreateMembershipResponse,
  DeleteMembershipOptions,
  ListUserPermissionsResponse,
  ListUserRolesResponse,
  ResendInviteResponse,
  UpdateMembershipOptions,
  UpdateMembershipResponse,
  UserResponse,
} from './user-types.ts';

type UserKey = { id: string } | { externalId: string };

/** The REST path of a user's membership, by user id or by external id. */
function membershipPath(organizationId: string, user: UserKey): string {
  return 'id' in user
    ? apiPath`/api/v1/memberships/organizations/${organizationId}/users/${user.id}`
    : apiPath`/api/v1/memberships/organizations/${organizationId}/users:external/${user.externalId}`;
}

const roleList = (roles: string[] | undefined) => (roles ?? []).map((name) => ({ name }));

function required(value: string, name: string): string {
  if (!value?.trim()) throw invalidArgument(`${name} is required`);
  return value.trim();
}

// Every method is async, so invalid arguments reject the returned promise instead of throwing.
export class UserMembershipClient {
  protected readonly http: HttpClient;

  constructor(http: HttpClient) {
    this.http = http;
  }

  /** Adds an existing user to an organization, e.g. `{ roles: ['admin'], metadata: {…} }`. */
  async createMembership(
    organizationId: string,
    userId: string,
    options: CreateMembershipOptions = {},
  ): Promise<CreateMembershipResponse> {
    return this.#create(organizationId, { id: userId }, options);
  }

  async createMembershipByExternalId(
    organizationId: string,
    externalId: string,
    options: CreateMembershipOptions = {},
  ): Promise<CreateMembershipResponse> {
    return this.#create(organizationId, { externalId }, options);
  }

  async updateMembership(
    organizationId: string,
    userId: string,
    options: UpdateMembershipOptions = {},
  ): Promise<UpdateMembershipResponse> {
    return this.#update(organizationId, { id: userId }, options);
  }

  async updateMembershipByExternalId(
    organizationId: string,
    externalId: string,
    options: UpdateMembershipOptions = {},
  ): Promise<UpdateMembershipResponse> {
    return this.#update(organizationId, { externalId }, options);
  }

  /** Removes the user from the organization; the user and its other memberships stay. */
  async deleteMembership(
    organizationId: string,
    userId: string,
    options: DeleteMembershipOptions = {},
  ): Promise<Empty> {
    const path = membershipPath(organizationId, { id: userId });
    return this.http.request<Empty>({ method: 'DELETE', path, query: { cascade: options.cascade } });
  }

  async deleteMembershipByExternalId(
    organizationId: string,
    externalId: string,
    options: DeleteMembershipOptions = {},
  ): Promise<Empty> {
    const path = membershipPath(organizationId, { externalId });
    return this.http.request<Empty>({ method: 'DELETE', path, query: { cascade: options.cascade } });
  }

  /** A new invitation link (the previous one stops working) and expiry; refused once accepted. */
  async resendInvite(organizationId: string, userId: string): Promise<ResendInviteResponse> {
    required(organizationId, 'organizationId');
    required(userId, 'userId');
    const response = await this.http.request<ResendInviteResponse>({
      method: 'PATCH',
      path: apiPath`/api/v1/invites/organizations/${organizationId}/users/${userId}/resend`,
      body: {},
    });
    return { ...response, invite: requireField(response, 'invite', 'resendInvite') };
  }

  async listUserRoles(organizationId: string, userId: string): Promise<ListUserRolesResponse> {
    const path = apiPath`/api/v1/organizations/${required(organizationId, 'organizationId')}/users/${required(userId, 'userId')}/roles`;
    const response = await this.http.request<Partial<ListUserRolesResponse>>({ method: 'GET', path });
    return { ...response, roles: response.roles ?? [] };
  }

  /** Adds roles (by name) to those the user holds in the organization; returns all it now holds. */
  async assignUserRoles(
    organizationId: string,
    userId: string,
    roles: string[],
  ): Promise<AssignUserRolesResponse> {
    const path = apiPath`/api/v1/organizations/${organizationId}/users/${userId}/roles`;
    const body = roles.map((roleName) => ({ roleName }));
    const response = await this.http.request<Partial<AssignUserRolesResponse>>({
      method: 'POST',
      path,
      body,
    });
    return { ...response, roles: response.roles ?? [] };
  }

  async removeUserRole(organizationId: string, userId: string, roleName: string): Promise<Empty> {
    const path = apiPath`/api/v1/organizations/${organizationId}/users/${userId}/roles/${roleName}`;
    return this.http.request<Empty>({ method: 'DELETE', path });
  }

  /** Effective permissions in the organization, inherited ones included. */
  async listUserPermissions(organizationId: string, userId: string): Promise<ListUserPermissionsResponse> {
    const path = apiPath`/api/v1/organizations/${required(organizationId, 'organizationId')}/users/${required(userId, 'userId')}/permissions`;
    const response = await this.http.request<Partial<ListUserPermissionsResponse>>({ method: 'GET', path });
    return { ...response, permissions: response.permissions ?? [] };
  }

  async #create(organizationId: string, user: UserKey, options: CreateMembershipOptions) {
    const { roles, metadata, sendInvitationEmail, inviterEmail } = options;
    const response = await this.http.request<UserResponse>({
      method: 'POST',
      path: membershipPath(organizationId, user),
      query: { sendInvitationEmail },
      body: { roles: roleList(roles), metadata: metadata ?? {}, inviterEmail },
    });
    return { ...response, user: requireField(response, 'user', 'createMembership') };
  }

  async #update(organizationId: string, user: UserKey, options: UpdateMembershipOptions) {
    const response = await this.http.request<UserResponse>({
      method: 'PATCH',
      path: membershipPath(organizationId, user),
      body: { roles: roleList(options.roles), metadata: options.metadata ?? {} },
    });
    return { ...response, user: requireField(response, 'user', 'updateMembership') };
  }
}
