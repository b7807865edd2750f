// Users: the same method names, argument order and result shapes as the official SDK's
// `scalekit.user`, over the REST routes of scalekit.v1.users.UserService. This file holds the user
// records; memberships, member roles and invitations come from UserMembershipClient.
import { invalidArgument } from './errors.ts';
import { requireField, withPageDefaults } from './response.ts';
import type { Empty, PageOptions } from './types.ts';
import { apiPath } from './url.ts';
import { UserMembershipClient } from './user-membership.ts';
import type {
  CreateUserAndMembershipResponse,
  CreateUserRequest,
  GetUserResponse,
  ListOrganizationUsersResponse,
  ListUsersResponse,
  SearchOrganizationUsersResponse,
  SearchUsersResponse,
  UpdateUserRequest,
  UpdateUserResponse,
  UserResponse,
} from './user-types.ts';

// Every method is async, so invalid arguments reject the returned promise instead of throwing.
export class UserClient extends UserMembershipClient {
  /** Creates a user and makes it a member of the organization, in one step. */
  async createUserAndMembership(
    organizationId: string,
    options: CreateUserRequest,
  ): Promise<CreateUserAndMembershipResponse> {
    if (!organizationId) throw invalidArgument('organizationId is required');
    if (!options?.email) throw invalidArgument('email is required');
    const { email, externalId, phoneNumber, userProfile, metadata, sendInvitationEmail } = options;
    const profile = phoneNumber ? { phoneNumber, ...userProfile } : userProfile;
    const membership = {
      roles: (options.roles ?? []).map((name) => ({ name })),
      metadata: options.membershipMetadata ?? {},
      inviterEmail: options.inviterEmail,
    };
    const response = await this.http.request<UserResponse>({
      method: 'POST',
      path: apiPath`/api/v1/organizations/${organizationId}/users`,
      query: { sendInvitationEmail },
      body: { email, externalId, userProfile: profile, metadata: metadata ?? {}, membership },
    });
    return { ...response, user: requireField(response, 'user', 'createUserAndMembership') };
  }

  async getUser(userId: string): Promise<GetUserResponse> {
    return this.#user('GET', apiPath`/api/v1/users/${userId}`, 'getUser');
  }

  async getUserByExternalId(externalId: string): Promise<GetUserResponse> {
    return this.#user('GET', apiPath`/api/v1/users:external/${externalId}`, 'getUserByExternalId');
  }

  /** Every user of the environment, a page at a time. */
  async listUsers(options: PageOptions = {}): Promise<ListUsersResponse> {
    const { pageSize, pageToken } = options;
    const response = await this.http.request<ListUsersResponse>({
      method: 'GET',
      path: '/api/v1/users',
      query: { pageSize, pageToken },
    });
    return withPageDefaults(response, 'users');
  }

  /** Users whose email or external id contains `query` (any case), or whose id is `query`. */
  async searchUsers(query: string, pageSize?: number, pageToken?: string): Promise<SearchUsersResponse> {
    if (!query?.trim()) throw invalidArgument('query is required');
    const response = await this.http.request<SearchUsersResponse>({
      method: 'GET',
      path: '/api/v1/users:search',
      query: { query, pageSize, pageToken },
    });
    return withPageDefaults(response, 'users');
  }

  async listOrganizationUsers(
    organizationId: string,
    options: PageOptions = {},
  ): Promise<ListOrganizationUsersResponse> {
    const { pageSize, pageToken } = options;
    const response = await this.http.request<ListOrganizationUsersResponse>({
      method: 'GET',
      path: apiPath`/api/v1/organizations/${organizationId}/users`,
      query: { pageSize, pageToken },
    });
    return withPageDefaults(response, 'users');
  }

  async searchOrganizationUsers(
    organizationId: string,
    query: string,
    pageSize?: number,
    pageToken?: string,
  ): Promise<SearchOrganizationUsersResponse> {
    if (!organizationId?.trim()) throw invalidArgument('organizationId is required');
    if (!query?.trim()) throw invalidArgument('query is required');
    const response = await this.http.request<SearchOrganizationUsersResponse>({
      method: 'GET',
      path: apiPath`/api/v1/organizations/${organizationId}/users:search`,
      query: { query, pageSize, pageToken },
    });
    return withPageDefaults(response, 'users');
  }

  /** Changes only the fields given; returns the whole updated user. */
  async updateUser(userId: string, options: UpdateUserRequest): Promise<UpdateUserResponse> {
    return this.#user('PATCH', apiPath`/api/v1/users/${userId}`, 'updateUser', options);
  }

  async updateUserByExternalId(
    externalId: string,
    options: Omit<UpdateUserRequest, 'externalId'>,
  ): Promise<UpdateUserResponse> {
    const { userProfile, metadata } = options;
    const path = apiPath`/api/v1/users:external/${externalId}`;
    return this.#user('PATCH', path, 'updateUserByExternalId', { userProfile, metadata });
  }

  /** Deletes the user and all its memberships. */
  async deleteUser(userId: string): Promise<Empty> {
    return this.http.request<Empty>({ method: 'DELETE', path: apiPath`/api/v1/users/${userId}` });
  }

  async deleteUserByExternalId(externalId: string): Promise<Empty> {
    return this.http.request<Empty>({
      method: 'DELETE',
      path: apiPath`/api/v1/users:external/${externalId}`,
    });
  }

  async #user(
    method: 'GET' | 'PATCH',
    path: string,
    operation: string,
    body?: object,
  ): Promise<UserResponse> {
    const response = await this.http.request<UserResponse>({ method, path, body });
    return { ...response, user: requireField(response, 'user', operation) };
  }
}
