// The claims a login hands on: the ID token's, completed from userinfo when the ID token has no
// email. Values are typed here once (IdPs send email_verified as "true", groups as a string), so
// what follows — user matching, provisioning, attribute mapping — can trust the shapes.

export interface OidcLoginClaims {
  /** The subject at the IdP: stable per user and per IdP. */
  sub: string;
  /** The IdP's issuer, so a subject is never matched across IdPs. */
  iss: string;
  email?: string;
  email_verified: boolean;
  given_name?: string;
  family_name?: string;
  name?: string;
  preferred_username?: string;
  groups: string[];
  /** Every claim as the IdP sent it (ID token, then userinfo), for the connection's attribute mapping. */
  raw: Record<string, unknown>;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

function groupsOf(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() ? [value.trim()] : [];
  if (!Array.isArray(value)) return [];
  return value.filter((g): g is string => typeof g === 'string' && g.trim() !== '').map((g) => g.trim());
}

export function toLoginClaims(raw: Record<string, unknown>): OidcLoginClaims {
  const verified = raw.email_verified;
  return {
    sub: String(raw.sub),
    iss: String(raw.iss),
    email: text(raw.email)?.toLowerCase(),
    email_verified: verified === true || verified === 'true',
    given_name: text(raw.given_name),
    family_name: text(raw.family_name),
    name: text(raw.name),
    preferred_username: text(raw.preferred_username),
    groups: groupsOf(raw.groups),
    raw,
  };
}
