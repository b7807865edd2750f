// Environment clients: the environment's API clients, which are also the OAuth applications of the
// hosted login (callback URLs, token lifetime, PKCE), and their secrets. The official Node SDK has no
// client for these ClientService methods; the names follow the contract's (GetClient → getClient).
import type {
  ClientSecretStatus,
  ClientSettings,
  CreateClientOptions,
  CreateClientResponse,
  CreateClientSecretResponse,
  EnvironmentClient,
  GetClientResponse,
  ListClientsOptions,
  ListClientsResponse,
  UpdateClientResponse,
  UpdateClientSecretResponse,
} from './client-types.ts';
import { camelToSnake } from './case.ts';
import { invalidArgument } from './errors.ts';
import type { HttpClient } from './http.ts';
import { toCustomClaims } from './m2m.ts';
import { requireField, withPageDefaults } from './response.ts';
import type { Empty } from './types.ts';
import { apiPath } from './url.ts';

/** The settings as the wire wants them: claims as a list, int64 as a string. */
function settingsBody(settings: ClientSettings): Record<string, unknown> {
  const { customClaims, accessTokenExpiry, ...rest } = settings;
  const body: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) if (value !== undefined) body[key] = value;
  if (customClaims !== undefined) body.customClaims = toCustomClaims(customClaims);
  if (accessTokenExpiry !== undefined) body.accessTokenExpiry = String(accessTokenExpiry);
  return body;
}

// int64 travels as a JSON string; a bigint, as protobuf clients return it.
function environmentClient(raw: EnvironmentClient): EnvironmentClient {
  const wire = raw as Partial<Omit<EnvironmentClient, 'accessTokenExpiry'>> & {
    accessTokenExpiry?: string | number;
  };
  const { accessTokenExpiry, ...rest } = wire;
  return {
    ...(rest as EnvironmentClient),
    secrets: wire.secrets ?? [],
    postLoginUris: wire.postLoginUris ?? [],
    postLogoutRedirectUris: wire.postLogoutRedirectUris ?? [],
    backChannelLogoutUris: wire.backChannelLogoutUris ?? [],
    scopes: wire.scopes ?? [],
    customClaims: wire.customClaims ?? [],
    grantTypes: wire.grantTypes ?? [],
    ...(accessTokenExpiry === undefined ? {} : { accessTokenExpiry: BigInt(accessTokenExpiry) }),
  };
}

export class EnvironmentClients {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  async listClients(options: ListClientsOptions = {}): Promise<ListClientsResponse> {
    const res = await this.#http.request<ListClientsResponse>({
      method: 'GET',
      path: '/api/v1/clients',
      query: {
        pageSize: options.pageSize,
        pageToken: options.pageToken || undefined,
        'filter.clientType': options.clientTypes,
      },
    });
    const page = withPageDefaults(res, 'clients');
    return { ...page, clients: page.clients.map(environmentClient) };
  }

  async getClient(clientId: string): Promise<GetClientResponse> {
    return this.#one('getClient', { method: 'GET', path: apiPath`/api/v1/clients/${clientId}` });
  }

  /** A confidential client's first secret is in `client.secrets[0].plainSecret`, shown only here. */
  async createClient(options: CreateClientOptions): Promise<CreateClientResponse> {
    if (!options?.name?.trim()) throw invalidArgument('name is required');
    return this.#one('createClient', {
      method: 'POST',
      path: '/api/v1/clients',
      body: settingsBody(options),
    });
  }

  /**
   * Changes exactly the settings given, and only those (a field mask is sent): `postLoginUris: []`
   * clears the list, an absent key keeps it.
   */
  async updateClient(clientId: string, settings: ClientSettings): Promise<UpdateClientResponse> {
    const body = settingsBody(settings);
    const mask = Object.keys(body).map(camelToSnake);
    if (mask.length === 0) throw invalidArgument('give at least one setting to change');
    return this.#one('updateClient', {
      method: 'PATCH',
      path: `${apiPath`/api/v1/clients/${clientId}`}?mask=${mask.join(',')}`,
      body,
    });
  }

  /** Refused for the client the SDK itself authenticates with. */
  async deleteClient(clientId: string): Promise<Empty> {
    return this.#http.request<Empty>({ method: 'DELETE', path: apiPath`/api/v1/clients/${clientId}` });
  }

  /** The answer's `plainSecret` is the only time the new secret is shown. */
  async createClientSecret(clientId: string): Promise<CreateClientSecretResponse> {
    const res = await this.#http.request<CreateClientSecretResponse>({
      method: 'POST',
      path: apiPath`/api/v1/clients/${clientId}/secrets`,
    });
    return { ...res, secret: requireField(res, 'secret', 'createClientSecret') };
  }

  /** INACTIVE: /oauth/token refuses the secret at once; ACTIVE: accepted again. */
  async updateClientSecret(
    clientId: string,
    secretId: string,
    status: ClientSecretStatus,
  ): Promise<UpdateClientSecretResponse> {
    if (status !== 'ACTIVE' && status !== 'INACTIVE')
      throw invalidArgument('status must be ACTIVE or INACTIVE');
    const res = await this.#http.request<UpdateClientSecretResponse>({
      method: 'PATCH',
      path: apiPath`/api/v1/clients/${clientId}/secrets/${secretId}`,
      body: { status },
    });
    return { secret: requireField(res, 'secret', 'updateClientSecret') };
  }

  /** Refused (FAILED_PRECONDITION) for the client's last active secret. */
  async deleteClientSecret(clientId: string, secretId: string): Promise<Empty> {
    return this.#http.request<Empty>({
      method: 'DELETE',
      path: apiPath`/api/v1/clients/${clientId}/secrets/${secretId}`,
    });
  }

  async #one(
    operation: string,
    request: Parameters<HttpClient['request']>[0],
  ): Promise<{ client: EnvironmentClient }> {
    const res = await this.#http.request<{ client: EnvironmentClient }>(request);
    return { client: environmentClient(requireField(res, 'client', operation)) };
  }
}
