// An API client as the OIDC provider needs it: the application's callback URLs, token settings and
// PKCE rule, parsed from its row. A plain database read; the caller caches it as it sees fit.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import type { ApplicationRow } from './application-store.ts';

export interface ApplicationConfig {
  clientId: string;
  name: string;
  kind: 'environment' | 'organization';
  organizationId: string | null;
  /** Exact redirect URIs the authorization endpoint accepts (post_login_uris). */
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /** Where a login started elsewhere (IdP-initiated, a bookmark) is sent to begin; null: none. */
  initiateLoginUri: string | null;
  /** Back-channel logout endpoints (URLs validated; the sender must still guard outbound requests). */
  backChannelLogoutUris: string[];
  /** Extra scopes the application may ask for; empty means the defaults. */
  scopes: string[];
  /** 300..86400, or null for the server's default. */
  accessTokenTtlSeconds: number | null;
  customClaims: Record<string, string>;
  /** 'confidential' (authenticates with a secret) or 'public' (no secret; PKCE always). */
  clientType: string;
  /** Always true for public clients. */
  enforcePkce: boolean;
  /** Allowed grant types; empty means the defaults for the client type. */
  grantTypes: string[];
  /** True when the management API refuses this client's tokens. */
  disallowApiAccess: boolean;
}

const list = (text: string) => JSON.parse(text) as string[];

export function toApplicationConfig(row: ApplicationRow): ApplicationConfig {
  return {
    clientId: row.id,
    name: row.name,
    kind: row.kind,
    organizationId: row.organization_id,
    redirectUris: list(row.post_login_uris),
    postLogoutRedirectUris: list(row.post_logout_redirect_uris),
    initiateLoginUri: row.initiate_login_uri,
    backChannelLogoutUris: list(row.back_channel_logout_uris),
    scopes: list(row.scopes),
    accessTokenTtlSeconds:
      row.access_token_ttl_seconds === null ? null : Number(row.access_token_ttl_seconds),
    customClaims: JSON.parse(row.custom_claims) as Record<string, string>,
    clientType: row.client_type,
    enforcePkce: Number(row.enforce_pkce) === 1 || row.client_type === 'public',
    grantTypes: list(row.grant_types),
    disallowApiAccess: Number(row.disallow_api_access) === 1,
  };
}

/** The client's application settings, or undefined when no client has this id. */
export async function loadApplication(
  db: Kysely<Database>,
  clientId: string,
): Promise<ApplicationConfig | undefined> {
  const row = await db.selectFrom('api_clients').selectAll().where('id', '=', clientId).executeTakeFirst();
  return row && toApplicationConfig(row);
}
