// Organizations (tenants): the same method names, argument order and result shapes as the official
// SDK's `scalekit.organization`, over the REST routes of scalekit.v1.organizations.OrganizationService.
// This file holds the organization records; their configuration (portal links, settings, policies)
// comes from OrganizationConfigClient.
import { invalidArgument } from './errors.ts';
import { OrganizationConfigClient } from './organization-config.ts';
import type {
  CreateOrganizationOptions,
  CreateOrganizationResponse,
  GetOrganizationResponse,
  ListOrganizationOptions,
  ListOrganizationsResponse,
  SearchOrganizationsResponse,
  UpdateOrganizationInput,
  UpdateOrganizationResponse,
} from './organization-types.ts';
import { requireField, withPageDefaults } from './response.ts';
import type { Empty } from './types.ts';
import { apiPath } from './url.ts';

// Every method is async, so invalid arguments reject the returned promise instead of throwing.
export class OrganizationClient extends OrganizationConfigClient {
  async createOrganization(
    name: string,
    options: CreateOrganizationOptions = {},
  ): Promise<CreateOrganizationResponse> {
    const body = { ...options, displayName: name };
    const response = await this.http.request<CreateOrganizationResponse>({
      method: 'POST',
      path: '/api/v1/organizations',
      body,
    });
    return { ...response, organization: requireField(response, 'organization', 'createOrganization') };
  }

  async listOrganization(options: ListOrganizationOptions = {}): Promise<ListOrganizationsResponse> {
    const { pageSize, pageToken, externalId } = options;
    const response = await this.http.request<ListOrganizationsResponse>({
      method: 'GET',
      path: '/api/v1/organizations',
      query: { pageSize, pageToken, externalId },
    });
    return withPageDefaults(response, 'organizations');
  }

  /** Organizations matching `query`; pagination is positional, as in the official SDK. */
  async searchOrganization(
    query: string,
    pageSize?: number,
    pageToken?: string,
  ): Promise<SearchOrganizationsResponse> {
    if (!query?.trim()) throw invalidArgument('query is required');
    const response = await this.http.request<SearchOrganizationsResponse>({
      method: 'GET',
      path: '/api/v1/organizations:search',
      query: { query, pageSize, pageToken },
    });
    return withPageDefaults(response, 'organizations');
  }

  async getOrganization(id: string): Promise<GetOrganizationResponse> {
    return this.requestOrganization('GET', apiPath`/api/v1/organizations/${id}`, 'getOrganization');
  }

  async getOrganizationByExternalId(externalId: string): Promise<GetOrganizationResponse> {
    const path = apiPath`/api/v1/organizations:external/${externalId}`;
    return this.requestOrganization('GET', path, 'getOrganizationByExternalId');
  }

  /** Changes only the fields given; returns the whole updated organization. */
  async updateOrganization(
    id: string,
    organization: UpdateOrganizationInput,
  ): Promise<UpdateOrganizationResponse> {
    const path = apiPath`/api/v1/organizations/${id}`;
    return this.requestOrganization('PATCH', path, 'updateOrganization', organization);
  }

  /** The REST route addresses organizations by id only, so this looks the id up first (two requests). */
  async updateOrganizationByExternalId(
    externalId: string,
    organization: UpdateOrganizationInput,
  ): Promise<UpdateOrganizationResponse> {
    const { organization: current } = await this.getOrganizationByExternalId(externalId);
    return this.updateOrganization(current.id, organization);
  }

  async deleteOrganization(organizationId: string): Promise<Empty> {
    return this.http.request<Empty>({
      method: 'DELETE',
      path: apiPath`/api/v1/organizations/${organizationId}`,
    });
  }
}
