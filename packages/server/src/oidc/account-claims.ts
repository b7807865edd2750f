// The person behind an OpenID `sub`: oidc-provider's findAccount. Claims come from the user's stored
// profile, filtered by oidc-provider to what the granted scopes allow; `oid` is the organization of
// the session the token's grant belongs to, `identities` the IdP identity that session was signed in
// with (none for a login that did not go through an SSO connection).
import type { Account, FindAccount, KoaContextWithOIDC } from 'oidc-provider';
import type { AppContext } from '../app-context.ts';
import { identitiesOfSession } from '../sso/user-identities.ts';
import { findById } from '../users/user-store.ts';
import { readProfile } from '../users/user-input.ts';
import type { SessionLink } from './session-link.ts';

export function accountFinder(ctx: AppContext, sessions: SessionLink): FindAccount {
  return async (oidcCtx: KoaContextWithOIDC, sub: string, token) => {
    const user = await findById(ctx.db, sub);
    if (!user) return undefined;
    const grantId =
      (token as { grantId?: string } | undefined)?.grantId ?? oidcCtx.oidc?.entities?.Grant?.jti;
    const account: Account = {
      accountId: user.id,
      async claims() {
        const profile = readProfile(user.profile);
        const session = grantId ? await sessions.byGrant(grantId) : undefined;
        const name = profile.name || [profile.given_name, profile.family_name].filter(Boolean).join(' ');
        return {
          sub: user.id,
          email: user.email,
          email_verified: user.email_verified === 1,
          ...(name && { name }),
          ...(profile.given_name && { given_name: profile.given_name }),
          ...(profile.family_name && { family_name: profile.family_name }),
          ...(profile.preferred_username && { preferred_username: profile.preferred_username }),
          ...(profile.picture && { picture: profile.picture }),
          ...(profile.locale && { locale: profile.locale }),
          ...(profile.phone_number && { phone_number: profile.phone_number }),
          updated_at: Math.floor(Date.parse(user.updated_at) / 1000),
          ...(session?.organizationId && { oid: session.organizationId }),
          identities: session ? await identitiesOfSession(ctx.db, session.id) : [],
        };
      },
    };
    return account;
  };
}
