// Organization M2M clients: the official SDK's `scalekit.m2m`, with the same method names, argument
// order and result shapes, over the REST routes of ClientService's organization methods.
import type {
  CreateOrganizationClientOptions,
  CreateOrganizationClientResponse,
  CreateOrganizationClientSecretResponse,
  CustomClaim,
  GetOrganizationClientResponse,
  ListOrganizationClientsOptions,
  ListOrganizationClientsResponse,
  M2MClient,
  UpdateOrganizationClientOptions,
  UpdateOrganizationClientResponse,
} from './client-types.ts';
import type { HttpClient } from './http.ts';
import { requireField, withPageDefaults } from './response.ts';
import type { Empty } from './types.ts';
import { apiPath } from './url.ts';

export function toCustomClaims(claims: Record<string, string>): CustomClaim[] {
  return Object.entries(claims).map(([key, value]) => ({ key, value }));
}

/** As the official SDK: only the options that are set (truthy) are sent. */
function clientBody(options: CreateOrganizationClientOptions = {}): object {
  return {
    ...(options.name && { name: options.name }),
    ...(options.description && { description: options.description }),
    ...(options.customClaims && { customClaims: toCustomClaims(options.customClaims) }),
    ...(options.audience && { audience: options.audience }),
    ...(options.scopes && { scopes: options.scopes }),
  };
}

// int64 travels as a JSON string; a bigint, as the official SDK returns it.
function m2mClient(raw: M2MClient): M2MClient {
  const wire = raw as unknown as Partial<Omit<M2MClient, 'expiry'>> & { expiry?: string | number };
  return {
    ...raw,
    secrets: wire.secrets ?? [],
    scopes: wire.scopes ?? [],
    audience: wire.audience ?? [],
    customClaims: wire.customClaims ?? [],
    expiry: BigInt(wire.expiry ?? 0),
  };
}

export class M2MClients {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  /** The answer's `plainSecret` is the only time the secret is shown: keep it. */
  async createOrganizationClient(
    organizationId: string,
    options?: CreateOrganizationClientOptions,
  ): Promise<CreateOrganizationClientResponse> {
    const res = await this.#http.request<CreateOrganizationClientResponse>({
      method: 'POST',
      path: apiPath`/api/v1/organizations/${organizationId}/clients`,
      body: clientBody(options),
    });
    return { ...res, client: m2mClient(requireField(res, 'client', 'createOrganizationClient')) };
  }

  async getOrganizationClient(
    organizationId: string,
    clientId: string,
  ): Promise<GetOrganizationClientResponse> {
    const res = await this.#http.request<GetOrganizationClientResponse>({
      method: 'GET',
      path: apiPath`/api/v1/organizations/${organizationId}/clients/${clientId}`,
    });
    return { client: m2mClient(requireField(res, 'client', 'getOrganizationClient')) };
  }

  async updateOrganizationClient(
    organizationId: string,
    clientId: string,
    options?: UpdateOrganizationClientOptions,
  ): Promise<UpdateOrganizationClientResponse> {
    const res = await this.#http.request<UpdateOrganizationClientResponse>({
      method: 'PATCH',
      path: apiPath`/api/v1/organizations/${organizationId}/clients/${clientId}`,
      body: clientBody(options),
    });
    return { client: m2mClient(requireField(res, 'client', 'updateOrganizationClient')) };
  }

  async deleteOrganizationClient(organizationId: string, clientId: string): Promise<Empty> {
    return this.#http.request<Empty>({
      method: 'DELETE',
      path: apiPath`/api/v1/organizations/${organizationId}/clients/${clientId}`,
    });
  }

  /** The answer's `plainSecret` is the only time the new secret is shown. */
  async addOrganizationClientSecret(
    organizationId: string,
    clientId: string,
  ): Promise<CreateOrganizationClientSecretResponse> {
    const res = await this.#http.request<CreateOrganizationClientSecretResponse>({
      method: 'POST',
      path: apiPath`/api/v1/organizations/${organizationId}/clients/${clientId}/secrets`,
    });
    return { ...res, secret: requireField(res, 'secret', 'addOrganizationClientSecret') };
  }

  async removeOrganizationClientSecret(
    organizationId: string,
    clientId: string,
    secretId: string,
  ): Promise<Empty> {
    return this.#http.request<Empty>({
      method: 'DELETE',
      path: apiPath`/api/v1/organizations/${organizationId}/clients/${clientId}/secrets/${secretId}`,
    });
  }

  async listOrganizationClients(
    organizationId: string,
    options: ListOrganizationClientsOptions = {},
  ): Promise<ListOrganizationClientsResponse> {
    const res = await this.#http.request<ListOrganizationClientsResponse>({
      method: 'GET',
      path: apiPath`/api/v1/organizations/${organizationId}/clients`,
      query: { pageSize: options.pageSize, pageToken: options.pageToken || undefined },
    });
    const page = withPageDefaults(res, 'clients');
    return { ...page, clients: page.clients.map(m2mClient) };
  }
}
