// Validation of an environment application's own fields. Name, scopes and custom claims follow the
// organization clients' rules (org-client-input.ts); URLs are application-uris.ts.
import { invalidArgument } from '../contract/api-error.ts';

export const CLIENT_TYPES = ['confidential', 'public'] as const;
export type ClientType = (typeof CLIENT_TYPES)[number];

export const GRANT_TYPES = ['authorization_code', 'refresh_token', 'client_credentials'] as const;

export const MIN_TOKEN_TTL = 300;
export const MAX_TOKEN_TTL = 86_400;

/** '' means the default, confidential: a server-side application holding a secret. */
export function clientType(value: string): ClientType {
  if (value === '') return 'confidential';
  const found = CLIENT_TYPES.find((t) => t === value.toLowerCase());
  if (!found) throw invalidArgument(`client_type must be one of ${CLIENT_TYPES.join(', ')}`);
  return found;
}

/** Empty means "the defaults for the client type"; the OIDC layer decides what those are. */
export function grantTypes(values: string[], type: ClientType): string[] {
  for (const value of values) {
    if (!(GRANT_TYPES as readonly string[]).includes(value)) {
      throw invalidArgument(`grant_types: "${value}" is not one of ${GRANT_TYPES.join(', ')}`);
    }
  }
  if (type === 'public' && values.includes('client_credentials')) {
    throw invalidArgument('grant_types: a public client has no secret, so it cannot use client_credentials');
  }
  return [...new Set(values)];
}

/** Seconds an access token issued to the application lives; 0 means the server's default (null). */
export function accessTokenTtl(value: bigint): number | null {
  if (value === 0n) return null;
  if (value < BigInt(MIN_TOKEN_TTL) || value > BigInt(MAX_TOKEN_TTL)) {
    throw invalidArgument(
      `access_token_expiry must be between ${MIN_TOKEN_TTL} and ${MAX_TOKEN_TTL} seconds (0: the default)`,
    );
  }
  return Number(value);
}

/** PKCE is never optional for a public client (RFC 9700 §2.1.1): refuse switching it off. */
export function enforcePkce(value: boolean | undefined, type: ClientType, current: boolean): boolean {
  if (type === 'public') {
    if (value === false) throw invalidArgument('enforce_pkce: a public client always uses PKCE');
    return true;
  }
  return value ?? current;
}
