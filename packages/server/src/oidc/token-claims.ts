// Claims Gatehouse adds to the access tokens of signed-in people: the session (`sid`, the id
// SessionService knows), the organization of the login (`oid`), and the roles and permissions of the
// person there, after the application's own custom claims. A token asked for under a session that is no longer live, or by someone no longer
// a member of the session's organization, is refused.
import { errors, type KoaContextWithOIDC } from 'oidc-provider';
import type { AppContext } from '../app-context.ts';
import { RESERVED_CLAIMS } from '../clients/org-client-input.ts';
import type { ApplicationLookup } from './client-adapter.ts';
import { memberAccess } from './member-access.ts';
import type { SessionLink } from './session-link.ts';

interface TokenLike {
  kind: string;
  accountId?: string;
  grantId?: string;
  clientId?: string;
}

// Claims an application's custom claims can never set: those refused when the claims are saved, and
// the ones Gatehouse adds to a person's tokens.
const RESERVED = new Set([...RESERVED_CLAIMS, 'roles', 'permissions', 'cnf', 'auth_time', 'acr', 'amr']);

export function extraTokenClaims(ctx: AppContext, sessions: SessionLink, applications: ApplicationLookup) {
  return async (
    _oidcCtx: KoaContextWithOIDC,
    token: unknown,
  ): Promise<Record<string, unknown> | undefined> => {
    const { kind, accountId, grantId, clientId } = token as TokenLike;
    if (kind !== 'AccessToken' || !accountId) return undefined;
    const session = grantId ? await sessions.byGrant(grantId) : undefined;
    if (!session || session.userId !== accountId) {
      throw new errors.InvalidGrant('the session of this grant has ended');
    }
    const claims: Record<string, unknown> = {};
    const app = clientId ? await applications(clientId) : undefined;
    for (const [name, value] of Object.entries(app?.customClaims ?? {})) {
      if (!RESERVED.has(name)) claims[name] = value;
    }
    claims.sid = session.id;
    if (session.organizationId) {
      const access = await memberAccess(ctx, accountId, session.organizationId);
      if (!access) throw new errors.InvalidGrant('the person is no longer a member of the organization');
      claims.oid = session.organizationId;
      claims.roles = access.roles;
      claims.permissions = access.permissions;
    }
    return claims;
  };
}
