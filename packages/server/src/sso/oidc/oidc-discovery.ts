// An openid-client Configuration per connection: discovered from the issuer (or built from endpoints
// entered by hand), all its requests through the SSRF guard. Cached for a few minutes per connection
// and per configuration, so an edit to the connection takes effect at once and an IdP's key rollover
// within minutes.
import * as client from 'openid-client';
import type { StoredOidcConfig } from '../../connections/oidc-config.ts';
import { literalAddressProblem } from '../../webhooks/outbound.ts';
import { isLoopbackUrl } from '../../webhooks/webhook-config.ts';
import { guardedFetch, type GuardOptions } from './guarded-fetch.ts';
import { rejectionFor } from './oidc-error-reason.ts';
import { OidcRejected } from './oidc-rejected.ts';

const CACHE_SECONDS = 5 * 60;
const MAX_CACHED = 1000;
const cache = new Map<string, { config: client.Configuration; until: number }>();

/** Plain http is for a development IdP on this machine only, and only where private addresses are allowed. */
function insecureAllowed(url: URL, guard: GuardOptions): boolean {
  if (url.protocol === 'https:') return false;
  if (url.protocol === 'http:' && guard.allowPrivate && isLoopbackUrl(url.href)) return true;
  throw new OidcRejected('invalid_configuration');
}

function clientAuth(stored: StoredOidcConfig, secret: string): client.ClientAuth {
  return stored.token_auth_type === 'URL_PARAMS'
    ? client.ClientSecretPost(secret)
    : client.ClientSecretBasic(secret);
}

function parseUrl(value: string | undefined): URL {
  try {
    return new URL(value ?? '');
  } catch {
    throw new OidcRejected('invalid_configuration');
  }
}

async function build(
  stored: StoredOidcConfig,
  secret: string,
  guard: GuardOptions,
): Promise<client.Configuration> {
  const issuer = parseUrl(stored.issuer);
  const clientId = stored.client_id as string;
  const fetcher = guardedFetch(guard) as client.CustomFetch;
  const insecure = insecureAllowed(issuer, guard);
  const byHand = stored.authorize_uri && stored.token_uri && stored.jwks_uri;
  if (byHand) {
    for (const u of [stored.authorize_uri, stored.token_uri, stored.jwks_uri, stored.user_info_uri]) {
      if (u) insecureAllowed(parseUrl(u), guard);
    }
    const config = new client.Configuration(
      {
        issuer: stored.issuer as string,
        authorization_endpoint: stored.authorize_uri,
        token_endpoint: stored.token_uri,
        jwks_uri: stored.jwks_uri,
        userinfo_endpoint: stored.user_info_uri,
      },
      clientId,
      undefined,
      clientAuth(stored, secret),
    );
    config[client.customFetch] = fetcher;
    config.timeout = Math.ceil(guard.timeoutMs / 1000);
    if (insecure) client.allowInsecureRequests(config);
    client.enableNonRepudiationChecks(config);
    return config;
  }
  const discoveryUrl = stored.discovery_endpoint ? parseUrl(stored.discovery_endpoint) : issuer;
  const discoveryInsecure = insecureAllowed(discoveryUrl, guard);
  const config = await client
    .discovery(discoveryUrl, clientId, undefined, clientAuth(stored, secret), {
      [client.customFetch]: fetcher,
      timeout: Math.ceil(guard.timeoutMs / 1000),
      execute: [
        ...(insecure || discoveryInsecure ? [client.allowInsecureRequests] : []),
        // openid-client trusts TLS for ID tokens from the token endpoint; we verify the signature too.
        client.enableNonRepudiationChecks,
      ],
    })
    .catch((error: unknown) => {
      throw rejectionFor(error, 'idp_unreachable');
    });
  // A discovery URL given by hand skips openid-client's own issuer check; the issuer is still ours to pin.
  if (config.serverMetadata().issuer !== issuer.href && config.serverMetadata().issuer !== stored.issuer) {
    throw new OidcRejected('wrong_issuer');
  }
  return config;
}

/** A URL naming a private address outright is refused before anything else (names are checked when resolved). */
function refusePrivateLiterals(stored: StoredOidcConfig, guard: GuardOptions): void {
  const urls = [stored.issuer, stored.discovery_endpoint, stored.authorize_uri, stored.token_uri];
  for (const value of [...urls, stored.jwks_uri, stored.user_info_uri]) {
    if (value && literalAddressProblem(parseUrl(value), guard.allowPrivate))
      throw new OidcRejected('blocked_address');
  }
}

export async function idpConfiguration(
  connectionId: string,
  stored: StoredOidcConfig,
  openSecret: (sealed: string) => string,
  guard: GuardOptions,
): Promise<client.Configuration> {
  if (!stored.issuer || !stored.client_id || !stored.client_secret_sealed) {
    throw new OidcRejected('invalid_configuration');
  }
  refusePrivateLiterals(stored, guard);
  const key = JSON.stringify([connectionId, stored, guard]);
  const hit = cache.get(key);
  if (hit && hit.until > Date.now()) return hit.config;
  const config = await build(stored, openSecret(stored.client_secret_sealed), guard);
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(key, { config, until: Date.now() + CACHE_SECONDS * 1000 });
  return config;
}
