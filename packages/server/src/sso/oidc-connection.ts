// An OIDC connection in the sign-in: whether it can sign anyone in, and the claims its IdP proved put
// in the shape the SSO hand-off carries (the SAML profile: attributes by name), so the connection's
// attribute mapping, just-in-time provisioning and the profile sync work the same for both protocols.
import type { ConnectionRow } from '../connections/connection-store.ts';
import { oidcCompleteness, readOidcConfig } from '../connections/oidc-config.ts';
import type { OidcLoginClaims } from './oidc/oidc-claims.ts';
import type { SamlProfile } from './saml/saml-response.ts';

/** An OIDC connection with an IdP, a client and its secret. */
export function oidcConnectionUsable(row: ConnectionRow): boolean {
  return row.type === 'OIDC' && oidcCompleteness(readOidcConfig(row.oidc_config)) === 'complete';
}

/**
 * Every claim as a list of strings (objects are left out: no mapping can name a part of one). The
 * name id is the email claim, never the subject: the mapping's fallback to the name id must not take
 * an IdP's opaque subject for an address.
 */
export function profileFromOidcClaims(claims: OidcLoginClaims): SamlProfile {
  const attributes: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(claims.raw)) {
    const values = Array.isArray(value) ? value : [value];
    const texts = values
      .filter((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
      .map(String);
    if (texts.length > 0) attributes[name] = texts;
  }
  return {
    nameId: claims.email ?? '',
    nameIdFormat: null,
    sessionIndex: null,
    attributes,
    issuer: claims.iss,
    inResponseTo: null,
  };
}
