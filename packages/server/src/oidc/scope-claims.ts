// Which claims each scope releases, for ID tokens (oidc-provider's `claims`) and /userinfo alike.
export const SCOPE_CLAIMS = {
  openid: ['sub', 'oid', 'amr', 'auth_time', 'identities'],
  email: ['email', 'email_verified'],
  profile: ['name', 'given_name', 'family_name', 'preferred_username', 'picture', 'locale', 'updated_at'],
  phone: ['phone_number'],
} as const satisfies Record<string, readonly string[]>;

export function releasedClaims(all: Record<string, unknown>, scope: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of scope.split(' ')) {
    const claims = (SCOPE_CLAIMS as Record<string, readonly string[]>)[name];
    for (const claim of claims ?? []) if (all[claim] !== undefined) out[claim] = all[claim];
  }
  return out;
}
