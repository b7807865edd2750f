// Where the OpenID provider's endpoints live. The token endpoint and /keys are shared with the
// management API's client-credentials path (auth/token-endpoint.ts, http/dispatcher.ts).
export const OIDC_ROUTES = {
  authorization: '/oauth/authorize',
  token: '/oauth/token',
  revocation: '/oauth/revoke',
  introspection: '/oauth/introspect',
  end_session: '/oidc/logout',
  jwks: '/keys',
  userinfo: '/userinfo',
  pushed_authorization_request: '/oauth/par',
  code_verification: '/oauth/device',
  device_authorization: '/oauth/device/auth',
  backchannel_authentication: '/oauth/backchannel',
  challenge: '/oauth/challenge',
  registration: '/oauth/register',
} as const;

export const INTERACTION_PATH = '/interaction/';

/** Paths the provider itself answers (besides the token endpoint, which is dispatched by grant). */
export const PROVIDER_PATHS = new Set<string>([
  OIDC_ROUTES.authorization,
  OIDC_ROUTES.revocation,
  OIDC_ROUTES.introspection,
  OIDC_ROUTES.end_session,
  `${OIDC_ROUTES.end_session}/confirm`,
  `${OIDC_ROUTES.end_session}/success`,
  '/.well-known/openid-configuration',
]);

/** RFC 8414's metadata document: the same content as OpenID discovery. */
export const OAUTH_METADATA_PATH = '/.well-known/oauth-authorization-server';
