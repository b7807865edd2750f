// The configuration half of `scalekit.organization`: admin-portal links, feature settings, user
// limits and session policy. OrganizationClient extends this class, so users still see one object
// with every method of the official SDK, while each file keeps one job.
import type { HttpClient } from './http.ts';
import type {
  GetOrganizationResponse,
  GetOrganizationUserManagementSettingsResponse,
  GetPortalLinksResponse,
  Link,
  OrganizationSessionPolicyInput,
  OrganizationSessionPolicySettings,
  OrganizationSettings,
  OrganizationUserManagementSettings,
  OrganizationUserManagementSettingsInput,
  PortalFeature,
} from './organization-types.ts';
import { requireField } from './response.ts';
import { sessionPolicyBody } from './session-policy.ts';
import type { Empty } from './types.ts';
import { apiPath } from './url.ts';

// Every method is async, so invalid arguments reject the returned promise instead of throwing.
export class OrganizationConfigClient {
  protected readonly http: HttpClient;

  constructor(http: HttpClient) {
    this.http = http;
  }

  /** A single-use admin-portal link; without `features` the server's default features apply. */
  async generatePortalLink(organizationId: string, features?: PortalFeature[]): Promise<Link> {
    const response = await this.http.request<{ link?: Link }>({
      method: 'PUT',
      path: apiPath`/api/v1/organizations/${organizationId}/portal_links`,
      query: { features },
    });
    return requireField(response, 'link', 'generatePortalLink');
  }

  async getPortalLinks(organizationId: string): Promise<GetPortalLinksResponse> {
    const response = await this.http.request<Partial<GetPortalLinksResponse>>({
      method: 'GET',
      path: apiPath`/api/v1/organizations/${organizationId}/portal_links`,
    });
    return { ...response, links: response.links ?? [] };
  }

  /** Revokes every portal link of the organization. */
  async deletePortalLink(organizationId: string): Promise<Empty> {
    const path = apiPath`/api/v1/organizations/${organizationId}/portal_links`;
    return this.http.request<Empty>({ method: 'DELETE', path });
  }

  async deletePortalLinkById(organizationId: string, linkId: string): Promise<Empty> {
    const path = apiPath`/api/v1/organizations/${organizationId}/portal_links/${linkId}`;
    return this.http.request<Empty>({ method: 'DELETE', path });
  }

  /** Turns features such as 'sso' and 'dir_sync' on or off; returns the updated organization. */
  async updateOrganizationSettings(
    organizationId: string,
    settings: OrganizationSettings,
  ): Promise<GetOrganizationResponse> {
    const features = settings.features.map(({ name, enabled }) => ({ name, enabled }));
    const path = apiPath`/api/v1/organizations/${organizationId}/settings`;
    return this.requestOrganization('PATCH', path, 'updateOrganizationSettings', { features });
  }

  /** Returns the settings object itself (not the response wrapper), like the official SDK. */
  async upsertUserManagementSettings(
    organizationId: string,
    settings: OrganizationUserManagementSettingsInput,
  ): Promise<OrganizationUserManagementSettings | undefined> {
    // An absent maxAllowedUsers is how the contract says "no limit".
    const { maxAllowedUsers } = settings;
    const response = await this.http.request<GetOrganizationUserManagementSettingsResponse>({
      method: 'PATCH',
      path: apiPath`/api/v1/organizations/${organizationId}/settings/usermanagement`,
      body: {
        settings: maxAllowedUsers === undefined || maxAllowedUsers === null ? {} : { maxAllowedUsers },
      },
    });
    return response.settings;
  }

  async getOrganizationUserManagementSetting(
    organizationId: string,
  ): Promise<GetOrganizationUserManagementSettingsResponse> {
    const path = apiPath`/api/v1/organizations/${organizationId}/settings/usermanagement`;
    return this.http.request<GetOrganizationUserManagementSettingsResponse>({ method: 'GET', path });
  }

  /** Alias of getOrganizationUserManagementSetting (the official SDK's name is singular). */
  async getOrganizationUserManagementSettings(
    organizationId: string,
  ): Promise<GetOrganizationUserManagementSettingsResponse> {
    return this.getOrganizationUserManagementSetting(organizationId);
  }

  /** Returns the policy itself (not the response wrapper), like the official SDK. */
  async updateOrganizationSessionPolicy(
    organizationId: string,
    policy: OrganizationSessionPolicyInput,
  ): Promise<OrganizationSessionPolicySettings> {
    const response = await this.http.request<{ policy?: OrganizationSessionPolicySettings }>({
      method: 'PATCH',
      path: apiPath`/api/v1/organizations/${organizationId}/session-policy`,
      body: sessionPolicyBody(policy),
    });
    return requireField(response, 'policy', 'updateOrganizationSessionPolicy');
  }

  async getOrganizationSessionPolicy(organizationId: string): Promise<OrganizationSessionPolicySettings> {
    const response = await this.http.request<{ policy?: OrganizationSessionPolicySettings }>({
      method: 'GET',
      path: apiPath`/api/v1/organizations/${organizationId}/session-policy`,
    });
    return requireField(response, 'policy', 'getOrganizationSessionPolicy');
  }

  /** A request whose response is `{ organization }`, checked to carry it. */
  protected async requestOrganization(
    method: 'GET' | 'PATCH',
    path: string,
    operation: string,
    body?: object,
  ): Promise<GetOrganizationResponse> {
    const response = await this.http.request<GetOrganizationResponse>(
      body ? { method, path, body } : { method, path },
    );
    return { ...response, organization: requireField(response, 'organization', operation) };
  }
}
