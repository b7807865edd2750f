// Enterprise SSO connections: the official SDK's `scalekit.connection` method names and argument
// order (organization id first), over the REST routes of scalekit.v1.connections.ConnectionService.
import type {
  ConnectionResponse,
  ConnectionTestResult,
  CreateConnectionInput,
  ListConnectionsResponse,
  ToggleConnectionResponse,
  UpdateConnectionInput,
} from './connection-types.ts';
import { invalidArgument } from './errors.ts';
import type { HttpClient } from './http.ts';
import { requireField } from './response.ts';
import type { Empty } from './types.ts';
import { apiPath } from './url.ts';

export class ConnectionClient {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  async getConnection(organizationId: string, id: string): Promise<ConnectionResponse> {
    const response = await this.#http.request<ConnectionResponse>({
      method: 'GET',
      path: apiPath`/api/v1/organizations/${organizationId}/connections/${id}`,
    });
    return { connection: requireField(response, 'connection', 'getConnection') };
  }

  /** Connections that sign in users of this email domain. */
  async listConnectionsByDomain(domain: string): Promise<ListConnectionsResponse> {
    if (!domain?.trim()) throw invalidArgument('domain is required');
    return this.#list({ domain });
  }

  async listConnections(organizationId: string): Promise<ListConnectionsResponse> {
    return this.#list({ organizationId });
  }

  async enableConnection(organizationId: string, id: string): Promise<ToggleConnectionResponse> {
    return this.#toggle(organizationId, id, 'enable');
  }

  async disableConnection(organizationId: string, id: string): Promise<ToggleConnectionResponse> {
    return this.#toggle(organizationId, id, 'disable');
  }

  async createConnection(
    organizationId: string,
    connection: CreateConnectionInput,
  ): Promise<ConnectionResponse> {
    const response = await this.#http.request<ConnectionResponse>({
      method: 'POST',
      path: apiPath`/api/v1/organizations/${organizationId}/connections`,
      body: connection,
    });
    return { connection: requireField(response, 'connection', 'createConnection') };
  }

  /** Changes the fields given; with `samlConfig.idpMetadataUrl` the server imports the IdP's metadata. */
  async updateConnection(
    organizationId: string,
    id: string,
    connection: UpdateConnectionInput,
  ): Promise<ConnectionResponse> {
    const response = await this.#http.request<ConnectionResponse>({
      method: 'PATCH',
      path: apiPath`/api/v1/organizations/${organizationId}/connections/${id}`,
      body: connection,
    });
    return { connection: requireField(response, 'connection', 'updateConnection') };
  }

  async deleteConnection(organizationId: string, id: string): Promise<Empty> {
    return this.#http.request<Empty>({
      method: 'DELETE',
      path: apiPath`/api/v1/organizations/${organizationId}/connections/${id}`,
    });
  }

  /**
   * The result of a connection test an admin started from the admin portal: PENDING until the IdP
   * answered. NOT_FOUND for an unknown or expired test, or one of another connection.
   */
  async getConnectionTestResult(connectionId: string, testRequestId: string): Promise<ConnectionTestResult> {
    const response = await this.#http.request<Partial<ConnectionTestResult>>({
      method: 'GET',
      path: apiPath`/api/v1/connections/${connectionId}/test-requests/${testRequestId}`,
    });
    return { ...response, status: requireField(response, 'status', 'getConnectionTestResult') };
  }

  async #list(query: { organizationId?: string; domain?: string }): Promise<ListConnectionsResponse> {
    const response = await this.#http.request<Partial<ListConnectionsResponse>>({
      method: 'GET',
      path: '/api/v1/connections',
      query,
    });
    return { connections: Array.isArray(response.connections) ? response.connections : [] };
  }

  async #toggle(
    organizationId: string,
    id: string,
    action: 'enable' | 'disable',
  ): Promise<ToggleConnectionResponse> {
    const response = await this.#http.request<Partial<ToggleConnectionResponse>>({
      method: 'PATCH',
      path: `${apiPath`/api/v1/organizations/${organizationId}/connections/${id}`}:${action}`,
    });
    return {
      enabled: response.enabled === true,
      ...(response.errorMessage ? { errorMessage: response.errorMessage } : {}),
    };
  }
}
