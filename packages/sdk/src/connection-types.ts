// SSO connection shapes (scalekit.v1.connections), camelCase, as returned by ConnectionClient.
// Enums arrive by name, as REST JSON carries them.
import type { Domain } from './domain-types.ts';
import type { Timestamp } from './types.ts';

export type ConnectionProvider =
  | 'OKTA'
  | 'GOOGLE'
  | 'MICROSOFT_AD'
  | 'AUTH0'
  | 'ONELOGIN'
  | 'PING_IDENTITY'
  | 'JUMPCLOUD'
  | 'CUSTOM'
  | 'MICROSOFT'
  | 'IDP_SIMULATOR'
  | 'ADFS'
  | (string & {});

export type ConnectionType = 'SAML' | 'OIDC' | (string & {});
export type ConnectionStatus = 'DRAFT' | 'IN_PROGRESS' | 'COMPLETED' | 'CONNECTION_STATUS_UNSPECIFIED';

export interface IdpCertificate {
  id: string;
  certificate: string;
  issuer: string;
  createTime?: Timestamp;
  expiryTime?: Timestamp;
}

/** The SP side (sp*) is computed by the server; the IdP side (idp*) is what an admin configures. */
export interface SamlConnectionConfig {
  spEntityId: string;
  spAssertionUrl: string;
  spMetadataUrl: string;
  idpMetadataUrl?: string;
  idpEntityId?: string;
  idpSsoUrl?: string;
  idpSloUrl?: string;
  idpCertificates?: IdpCertificate[];
  idpNameIdFormat?: string;
  idpSsoRequestBinding?: string;
  samlSigningOption?: string;
  forceAuthn?: boolean;
  syncUserProfileOnLogin?: boolean;
  jitProvisioningWithSsoEnabled?: boolean;
}

/** Never carries the client secret: the server keeps it sealed. */
export interface OidcConnectionConfig {
  issuer?: string;
  authorizeUri?: string;
  tokenUri?: string;
  userInfoUri?: string;
  jwksUri?: string;
  clientId?: string;
  scopes?: string[];
  redirectUri: string;
  pkceEnabled?: boolean;
  syncUserProfileOnLogin?: boolean;
  jitProvisioningWithSsoEnabled?: boolean;
}

export interface Connection {
  /** `conn_…` */
  id: string;
  provider: ConnectionProvider;
  type: ConnectionType;
  status: ConnectionStatus;
  enabled: boolean;
  debugEnabled: boolean;
  /** Absent for an environment-level connection. */
  organizationId?: string;
  uiButtonTitle: string;
  attributeMapping: Record<string, string>;
  samlConfig?: SamlConnectionConfig;
  oidcConfig?: OidcConnectionConfig;
  domains?: Domain[];
  providerKey?: string;
  keyId?: string;
  createTime?: Timestamp;
  updateTime?: Timestamp;
}

export interface ListConnection {
  id: string;
  provider: ConnectionProvider;
  type: ConnectionType;
  status: ConnectionStatus;
  enabled: boolean;
  organizationId: string;
  organizationName: string;
  uiButtonTitle: string;
  domains: string[];
  createdAt?: Timestamp;
}

export interface CreateConnectionInput {
  provider?: ConnectionProvider | number;
  type: ConnectionType | number;
  providerKey?: string;
  keyId?: string;
}

export interface ConnectionResponse {
  connection: Connection;
}

export interface ListConnectionsResponse {
  connections: ListConnection[];
}

export interface ToggleConnectionResponse {
  enabled: boolean;
  errorMessage?: string;
}
