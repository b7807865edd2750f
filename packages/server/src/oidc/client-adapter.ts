// oidc-provider's `Client` storage, read from the platform's applications (api_clients). We keep
// only SHA-256 digests of client secrets, while oidc-provider compares plain secrets; so the
// front door checks the secret against the digests first (client-auth.ts) and, for that request
// only, lets the provider see the secret it was just shown. Any other lookup gets an unguessable
// placeholder, so a secret that was not checked by us can never pass.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import type { AdapterPayload } from 'oidc-provider';
import type { AppContext } from '../app-context.ts';
import { loadApplication, type ApplicationConfig } from '../clients/application-config.ts';

export interface VerifiedClient {
  clientId: string;
  secret: string;
  method: 'client_secret_basic' | 'client_secret_post';
}

export const verifiedClient = new AsyncLocalStorage<VerifiedClient | undefined>();

const STANDARD_SCOPES = ['openid', 'profile', 'email', 'phone', 'offline_access'];

// One unguessable stand-in per process: stable, so oidc-provider's cache of validated client
// metadata (keyed by the metadata's hash) is reused instead of re-validating on every request.
const PLACEHOLDER_SECRET = randomBytes(32).toString('base64url');

// Applications are read at most this often per instance; a change reaches other instances within it.
const APPLICATION_TTL_MS = 2_000;

export type ApplicationLookup = (id: string) => Promise<ApplicationConfig | undefined>;

/** Reads applications through a short per-instance cache. */
export function applicationLookup(ctx: AppContext): ApplicationLookup {
  const recent = new Map<string, { app: ApplicationConfig | undefined; at: number }>();
  return async (id: string) => {
    const hit = recent.get(id);
    if (hit && Date.now() - hit.at < APPLICATION_TTL_MS) return hit.app;
    const app = await loadApplication(ctx.db, id);
    if (recent.size > 1_000) recent.clear();
    recent.set(id, { app, at: Date.now() });
    return app;
  };
}

export function clientAdapter(application: ApplicationLookup) {
  return {
    async find(id: string) {
      const app = await application(id);
      // Organization M2M clients use client credentials only, which never reaches oidc-provider.
      if (!app || app.kind !== 'environment') return undefined;
      // An application whose grant types leave out the code flow is not one people sign in to.
      if (app.grantTypes.length > 0 && !app.grantTypes.includes('authorization_code')) return undefined;
      return clientMetadata(app, verifiedClient.getStore());
    },
    upsert: managedElsewhere,
    destroy: managedElsewhere,
    consume: managedElsewhere,
    revokeByGrantId: managedElsewhere,
    findByUid: async () => undefined,
    findByUserCode: async () => undefined,
  };
}

async function managedElsewhere(): Promise<never> {
  throw new Error('applications are managed through ClientService');
}

function codeFlowMetadata(app: ApplicationConfig) {
  // Until callback URLs are registered the application cannot use the code flow at all.
  if (app.redirectUris.length === 0) return { grant_types: [], response_types: [] };
  const refresh = app.grantTypes.length === 0 || app.grantTypes.includes('refresh_token');
  return {
    grant_types: refresh ? ['authorization_code', 'refresh_token'] : ['authorization_code'],
    response_types: ['code'] as const,
  };
}

export function clientMetadata(app: ApplicationConfig, verified: VerifiedClient | undefined): AdapterPayload {
  const isPublic = app.clientType === 'public';
  const checked = verified?.clientId === app.clientId ? verified : undefined;
  return {
    client_id: app.clientId,
    client_name: app.name,
    ...(isPublic
      ? { token_endpoint_auth_method: 'none' }
      : {
          client_secret: checked?.secret ?? PLACEHOLDER_SECRET,
          token_endpoint_auth_method: checked?.method ?? 'client_secret_basic',
        }),
    redirect_uris: app.redirectUris,
    post_logout_redirect_uris: app.postLogoutRedirectUris,
    ...(app.initiateLoginUri && { initiate_login_uri: app.initiateLoginUri }),
    ...codeFlowMetadata(app),
    scope: [...new Set([...STANDARD_SCOPES, ...app.scopes])].join(' '),
    enforce_pkce: app.enforcePkce,
    access_token_ttl: app.accessTokenTtlSeconds,
  };
}
