// API client shapes (scalekit.v1.clients), camelCase: organization M2M clients (`m2m`, as the
// official SDK's M2MClient) and environment clients, the applications of the hosted login (`clients`).
// int64 fields are bigints, as the official SDK returns them.
import type { Page, PageOptions, Timestamp } from './types.ts';

export interface CustomClaim {
  key: string;
  value: string;
}

/** INACTIVE secrets are refused by /oauth/token; only environment clients' secrets can be INACTIVE. */
export type ClientSecretStatus = 'ACTIVE' | 'INACTIVE';

export interface ClientSecret {
  /** `sks_…` */
  id: string;
  createTime?: Timestamp;
  updateTime?: Timestamp;
  /** The secret's last four characters, to tell secrets apart. */
  secretSuffix: string;
  status: ClientSecretStatus;
  expireTime?: Timestamp;
  /** Present only in the answer of the call that created the secret. */
  plainSecret?: string;
}

// ── Organization M2M clients ───────────────────────────────────────────────────────────────────

export interface M2MClient {
  /** `skc_…` */
  clientId: string;
  secrets: ClientSecret[];
  name: string;
  description: string;
  organizationId: string;
  createTime?: Timestamp;
  updateTime?: Timestamp;
  scopes: string[];
  audience: string[];
  customClaims: CustomClaim[];
  /** Always 0n: tokens live for the server-wide lifetime. */
  expiry: bigint;
}

export interface CreateOrganizationClientOptions {
  name?: string;
  description?: string;
  /** Added to the client's access tokens as top-level claims. */
  customClaims?: Record<string, string>;
  audience?: string[];
  scopes?: string[];
}

/** Fields given (non-empty) replace the stored ones; the others are kept. */
export type UpdateOrganizationClientOptions = CreateOrganizationClientOptions;

export interface ListOrganizationClientsOptions {
  pageSize?: number;
  pageToken?: string;
}

export interface CreateOrganizationClientResponse {
  client: M2MClient;
  /** The secret's value: shown only here. */
  plainSecret: string;
}

export interface OrganizationClientResponse {
  client: M2MClient;
}
export type GetOrganizationClientResponse = OrganizationClientResponse;
export type UpdateOrganizationClientResponse = OrganizationClientResponse;

export interface CreateOrganizationClientSecretResponse {
  /** The secret's value: shown only here. */
  plainSecret: string;
  secret: ClientSecret;
}

export interface ListOrganizationClientsResponse extends Page {
  clients: M2MClient[];
}

// ── Environment clients (applications) ─────────────────────────────────────────────────────────

/** 'confidential': a server-side app holding a secret; 'public': a browser or native app (PKCE, no secret). */
export type ClientType = 'confidential' | 'public';

export type GrantType = 'authorization_code' | 'refresh_token' | 'client_credentials';

/** The contract's `Client` message. */
export interface EnvironmentClient {
  /** `skc_…` */
  id: string;
  /** The same as `id`. */
  keyId: string;
  createTime?: Timestamp;
  updateTime?: Timestamp;
  secrets: ClientSecret[];
  /** Allowed redirect URIs (callback URLs), matched exactly. */
  postLoginUris: string[];
  postLogoutRedirectUris: string[];
  backChannelLogoutUris: string[];
  /** '' when not set. */
  initiateLoginUri: string;
  name: string;
  /** Seconds; absent: the server's default. */
  accessTokenExpiry?: bigint;
  scopes: string[];
  customClaims: CustomClaim[];
  disallowScalekitApiAccess: boolean;
  /** Empty: the defaults for the client type. */
  grantTypes: GrantType[];
  clientType: ClientType;
  enforcePkce: boolean;
}

/** Fields of an application. On update only the fields given are changed. */
export interface ClientSettings {
  name?: string;
  postLoginUris?: string[];
  postLogoutRedirectUris?: string[];
  backChannelLogoutUris?: string[];
  /** '' clears it. */
  initiateLoginUri?: string;
  /** Seconds, 300–86400; 0 restores the default. */
  accessTokenExpiry?: number | bigint;
  scopes?: string[];
  customClaims?: Record<string, string>;
  disallowScalekitApiAccess?: boolean;
  grantTypes?: GrantType[];
  enforcePkce?: boolean;
}

export interface CreateClientOptions extends ClientSettings {
  name: string;
  /** Default 'confidential'. */
  clientType?: ClientType;
}

export interface ListClientsOptions extends PageOptions {
  /** Only clients of these types. */
  clientTypes?: ClientType[];
}

export interface ClientResponse {
  client: EnvironmentClient;
}
/** For a confidential client, `client.secrets[0].plainSecret` holds its first secret, shown only here. */
export type CreateClientResponse = ClientResponse;
export type GetClientResponse = ClientResponse;
export type UpdateClientResponse = ClientResponse;

export interface ListClientsResponse extends Page {
  clients: EnvironmentClient[];
}

export interface CreateClientSecretResponse {
  /** The secret's value: shown only here. */
  plainSecret: string;
  secret: ClientSecret;
}

export interface UpdateClientSecretResponse {
  secret: ClientSecret;
}
