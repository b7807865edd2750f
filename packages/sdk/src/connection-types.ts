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

/** The IdP side of a SAML connection as UpdateConnection sets it; fields left out keep their value. */
export interface SamlConnectionConfigInput {
  /** Import the IdP's metadata from this URL (fields given beside it win); "" stops following it. */
  idpMetadataUrl?: string;
  idpEntityId?: string;
  idpSsoUrl?: string;
  idpSloUrl?: string;
  /** PEM or bare base64; added to the pinned certificates (at most two). */
  idpCertificate?: string;
  idpNameIdFormat?: string;
  idpSsoRequestBinding?: string;
  samlSigningOption?: string;
  forceAuthn?: boolean;
  defaultRedirectUri?: string;
  wantRequestSigned?: boolean;
  assertionEncrypted?: boolean;
  syncUserProfileOnLogin?: boolean;
  jitProvisioningWithSsoEnabled?: boolean;
}

/** The client secret is write-only: sent here, never returned. */
export interface OidcConnectionConfigInput {
  issuer?: string;
  discoveryEndpoint?: string;
  authorizeUri?: string;
  tokenUri?: string;
  userInfoUri?: string;
  jwksUri?: string;
  clientId?: string;
  clientSecret?: string;
  scopes?: string[];
  pkceEnabled?: boolean;
  syncUserProfileOnLogin?: boolean;
  jitProvisioningWithSsoEnabled?: boolean;
}

export interface UpdateConnectionInput {
  provider?: ConnectionProvider | number;
  uiButtonTitle?: string;
  debugEnabled?: boolean;
  attributeMapping?: Record<string, string>;
  samlConfig?: SamlConnectionConfigInput;
  oidcConfig?: OidcConnectionConfigInput;
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

export type TestResultStatus = 'PENDING' | 'SUCCESS' | 'FAILURE';

/** A connection test's result (GetConnectionTestResult). */
export interface ConnectionTestResult {
  status: TestResultStatus;
  /** JSON, on SUCCESS: email, given_name, family_name, groups, name_id or sub, issuer, attributes. */
  userInfo?: string;
  /** On FAILURE: the reason code (`wrong_audience`, `idp_error`, `missing_email`…). */
  error?: string;
  errorDescription?: string;
  /** JSON, on some failures: what helps to fix it (the attributes received…). */
  errorDetails?: string;
}
