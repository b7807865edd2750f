// The IdP side of an OIDC connection as stored (oidc_config JSON), with the client secret sealed
// under the master key. Responses never carry the secret, sealed or plain: only whether one is set.
import type { MessageInitShape } from '@bufbuild/protobuf';
import {
  OIDCScope,
  TokenAuthType,
  type OIDCConnectionConfig,
  type OIDCConnectionConfigSchema,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js';
import { invalidArgument } from '../contract/api-error.ts';
import type { SecretBox } from '../store/secret-box.ts';
import { idpUrl } from './connection-input.ts';
import { oidcRedirectUri } from './connection-urls.ts';

export interface StoredOidcConfig {
  issuer?: string;
  discovery_endpoint?: string;
  authorize_uri?: string;
  token_uri?: string;
  user_info_uri?: string;
  jwks_uri?: string;
  client_id?: string;
  /** SecretBox.seal of the client secret. */
  client_secret_sealed?: string;
  scopes: string[];
  token_auth_type: string;
  pkce_enabled: boolean;
  idp_logout_required: boolean;
  post_logout_redirect_uri?: string;
  backchannel_logout_redirect_uri?: string;
  sync_user_profile_on_login: boolean;
  jit_provisioning_with_sso_enabled: boolean;
}

export function defaultOidcConfig(): StoredOidcConfig {
  return {
    scopes: ['openid', 'profile', 'email'],
    token_auth_type: TokenAuthType[TokenAuthType.BASIC_AUTH],
    pkce_enabled: true,
    idp_logout_required: false,
    sync_user_profile_on_login: true,
    jit_provisioning_with_sso_enabled: true,
  };
}

export function readOidcConfig(json: string): StoredOidcConfig {
  return { ...defaultOidcConfig(), ...(JSON.parse(json) as Partial<StoredOidcConfig>) };
}

const URL_FIELDS = [
  ['issuer', 'issuer'],
  ['discoveryEndpoint', 'discovery_endpoint'],
  ['authorizeUri', 'authorize_uri'],
  ['tokenUri', 'token_uri'],
  ['userInfoUri', 'user_info_uri'],
  ['jwksUri', 'jwks_uri'],
  ['postLogoutRedirectUri', 'post_logout_redirect_uri'],
  ['backchannelLogoutRedirectUri', 'backchannel_logout_redirect_uri'],
] as const;

/** Applies the fields a request sent; an empty URL clears that URL. The secret is sealed here. */
export function applyOidcRequest(
  current: StoredOidcConfig,
  req: OIDCConnectionConfig,
  box: SecretBox,
): StoredOidcConfig {
  const next: StoredOidcConfig = { ...current };
  for (const [field, column] of URL_FIELDS) {
    const value = req[field];
    if (value === undefined) continue;
    const url = value.trim() ? idpUrl(value, column) : undefined;
    // The issuer is an identifier compared exactly (OpenID Connect Discovery §4.3): kept as typed,
    // since URL normalization would add a trailing slash that Okta's or Entra's issuer does not have.
    next[column] = url && column === 'issuer' ? value.trim() : url;
  }
  if (req.clientId !== undefined) {
    const id = req.clientId.trim();
    if (id.length > 512 || /[\s\u0000-\u001f]/.test(id))
      throw invalidArgument('client_id is not a client id');
    next.client_id = id || undefined;
  }
  if (req.clientSecret !== undefined && req.clientSecret !== '') {
    if (req.clientSecret.length > 2048) throw invalidArgument('client_secret is too long');
    next.client_secret_sealed = box.seal(req.clientSecret);
  }
  if (req.scopes.length > 0) {
    const names = req.scopes.map((s) => OIDCScope[s]).filter((s) => s && s !== 'OIDC_SCOPE_UNSPECIFIED');
    if (!names.includes('openid')) throw invalidArgument('scopes must include openid');
    next.scopes = [...new Set(names as string[])];
  }
  if (req.tokenAuthType) next.token_auth_type = TokenAuthType[req.tokenAuthType] ?? next.token_auth_type;
  if (req.pkceEnabled !== undefined) next.pkce_enabled = req.pkceEnabled;
  if (req.idpLogoutRequired !== undefined) next.idp_logout_required = req.idpLogoutRequired;
  if (req.syncUserProfileOnLogin !== undefined) next.sync_user_profile_on_login = req.syncUserProfileOnLogin;
  if (req.jitProvisioningWithSsoEnabled !== undefined) {
    next.jit_provisioning_with_sso_enabled = req.jitProvisioningWithSsoEnabled;
  }
  return next;
}

/** Complete: a client, its secret, and where to find the IdP (an issuer, or the endpoints by hand). */
export function oidcCompleteness(config: StoredOidcConfig): 'none' | 'partial' | 'complete' {
  const endpoints = Boolean(config.issuer || (config.authorize_uri && config.token_uri && config.jwks_uri));
  const parts = [endpoints, Boolean(config.client_id), Boolean(config.client_secret_sealed)];
  if (parts.every(Boolean)) return 'complete';
  return parts.some(Boolean) || config.authorize_uri ? 'partial' : 'none';
}

export function toOidcResponse(
  config: StoredOidcConfig,
  connectionId: string,
  publicUrl: string,
): MessageInitShape<typeof OIDCConnectionConfigSchema> {
  return {
    issuer: config.issuer,
    discoveryEndpoint: config.discovery_endpoint,
    authorizeUri: config.authorize_uri,
    tokenUri: config.token_uri,
    userInfoUri: config.user_info_uri,
    jwksUri: config.jwks_uri,
    clientId: config.client_id,
    // Never the secret: the caller learns only that one is set (the connection's status says so too).
    scopes: config.scopes.map((s) => OIDCScope[s as keyof typeof OIDCScope] ?? 0),
    tokenAuthType: TokenAuthType[config.token_auth_type as keyof typeof TokenAuthType] ?? 0,
    redirectUri: oidcRedirectUri(publicUrl, connectionId),
    pkceEnabled: config.pkce_enabled,
    idpLogoutRequired: config.idp_logout_required,
    postLogoutRedirectUri: config.post_logout_redirect_uri,
    backchannelLogoutRedirectUri: config.backchannel_logout_redirect_uri,
    syncUserProfileOnLogin: config.sync_user_profile_on_login,
    jitProvisioningWithSsoEnabled: config.jit_provisioning_with_sso_enabled,
  };
}
