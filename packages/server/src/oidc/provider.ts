// The OAuth 2.1 / OpenID Connect provider (oidc-provider), configured for Gatehouse: issuer = the
// public URL, storage in the platform database, the environment's application as its client, JWT
// access tokens carrying the person's organization, roles and permissions, refresh tokens rotated
// on every use, PKCE S256, and the hosted login pages for every interaction.
import Provider, { type Configuration, type ErrorOut, type KoaContextWithOIDC } from 'oidc-provider';
import type { AppContext } from '../app-context.ts';
import { accountFinder } from './account-claims.ts';
import { ArtifactAdapter } from './artifact-adapter.ts';
import { clientAdapter, type ApplicationLookup } from './client-adapter.ts';
import { firstPartyGrant } from './first-party-grant.ts';
import { gatehousePolicy } from './interaction-policy.ts';
import { SCOPE_CLAIMS } from './scope-claims.ts';
import { OIDC_ROUTES, INTERACTION_PATH } from './oidc-paths.ts';
import type { SessionLink } from './session-link.ts';
import { extraTokenClaims } from './token-claims.ts';
import { logoutPages } from './logout-pages.ts';

const DEFAULT_ACCESS_TTL = 3600;

export function createProvider(
  ctx: AppContext,
  sessions: SessionLink,
  applications: ApplicationLookup,
): Provider {
  const issuer = ctx.config.publicUrl;
  const { kid, privateKey } = ctx.keys.current();
  const signingJwk = { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' };
  const clients = clientAdapter(applications);
  const config: Configuration = {
    adapter: (name: string) => (name === 'Client' ? clients : new ArtifactAdapter(ctx.db, name)),
    jwks: { keys: [signingJwk as never] },
    cookies: {
      keys: [ctx.box.derive('oidc-cookies').toString('base64url')],
      long: { signed: true },
      short: { signed: true },
    },
    routes: OIDC_ROUTES,
    findAccount: accountFinder(ctx, sessions),
    claims: SCOPE_CLAIMS as unknown as Configuration['claims'],
    // The official SDK builds its `user` from the ID token, so the ID token carries the profile claims.
    conformIdTokenClaims: false,
    scopes: ['openid', 'offline_access', 'profile', 'email', 'phone'],
    responseTypes: ['code'],
    pkce: {
      required: (_ctx, client) => client.clientAuthMethod === 'none' || client['enforce_pkce'] === true,
    },
    extraClientMetadata: { properties: ['enforce_pkce', 'access_token_ttl'] },
    extraParams: [
      'organization_id',
      'connection_id',
      'domain',
      'domain_hint',
      'provider',
      'gatehouse_offline',
    ],
    rotateRefreshToken: true,
    issueRefreshToken: async (oidcCtx, client) =>
      client.grantTypeAllowed('refresh_token') && wantsOffline(oidcCtx),
    expiresWithSession: async (oidcCtx) => !wantsOffline(oidcCtx),
    loadExistingGrant: firstPartyGrant(sessions),
    extraTokenClaims: extraTokenClaims(ctx, sessions, applications),
    interactions: {
      policy: gatehousePolicy(sessions),
      url: (_ctx, interaction) => `${INTERACTION_PATH}${interaction.uid}`,
    },
    features: {
      devInteractions: { enabled: false },
      introspection: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: false },
      clientCredentials: { enabled: false },
      rpInitiatedLogout: { enabled: true, ...logoutPages(ctx) },
      resourceIndicators: {
        enabled: true,
        // Every access token is a JWT for this environment's applications: its audience is the client.
        defaultResource: () => issuer,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, _resource, client) => ({
          audience: client.clientId,
          scope: 'openid profile email phone offline_access',
          accessTokenFormat: 'jwt',
          accessTokenTTL: Number(client['access_token_ttl'] ?? DEFAULT_ACCESS_TTL) || DEFAULT_ACCESS_TTL,
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
    discovery: { userinfo_endpoint: `${issuer}/userinfo`, code_challenge_methods_supported: ['S256'] },
    ttl: {
      AccessToken: (_ctx, token) => token.resourceServer?.accessTokenTTL ?? DEFAULT_ACCESS_TTL,
      AuthorizationCode: 120,
      IdToken: 3600,
      Interaction: 3600,
      Session: 14 * 24 * 3600,
      Grant: 30 * 24 * 3600,
      RefreshToken: 30 * 24 * 3600,
    },
    renderError: async (oidcCtx, out) => renderProviderError(oidcCtx, out),
  };
  const provider = new Provider(issuer, config);
  provider.proxy = ctx.config.trustProxy;
  return provider;
}

/** Whether the application asked for offline access (see offline-request.ts for why it is a param). */
function wantsOffline(oidcCtx: KoaContextWithOIDC): boolean {
  const grant = oidcCtx.oidc.entities.Grant;
  return grant?.getOIDCScope().split(' ').includes('offline_access') ?? false;
}

function renderProviderError(oidcCtx: KoaContextWithOIDC, out: ErrorOut): void {
  oidcCtx.type = 'html';
  oidcCtx.body = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Sign-in error</title><h1>Sign-in could not continue</h1><p>${escape(String(out.error_description ?? out.error ?? 'error'))}</p></html>`;
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
