// GET/POST /userinfo (OpenID Connect Core §5.3): the claims the access token's scopes release about
// the signed-in person. Gatehouse's access tokens are JWTs bound to the application, which
// oidc-provider's own userinfo will not take, so the endpoint is ours.
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { AppContext } from '../app-context.ts';
import { type AnyRequest, type AnyResponse, sendJson } from '../http/respond.ts';
import { accountFinder } from './account-claims.ts';
import { identitiesOfSession } from '../sso/user-identities.ts';
import { releasedClaims } from './scope-claims.ts';
import type { SessionLink } from './session-link.ts';
import { InvalidUserToken, verifyUserAccessToken } from './user-access-token.ts';

export function createUserinfo(ctx: AppContext, sessions: SessionLink) {
  const findAccount = accountFinder(ctx, sessions);
  return async function userinfo(req: AnyRequest, res: AnyResponse): Promise<void> {
    const headers = { 'cache-control': 'no-store', 'access-control-allow-origin': '*' };
    if (req.method !== 'GET' && req.method !== 'POST') {
      return sendJson(
        res,
        405,
        { error: 'invalid_request', error_description: 'use GET or POST' },
        { allow: 'GET, POST', ...headers },
      );
    }
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(req.headers.authorization ?? '');
    if (!match?.[1]) return refuse(res, 'invalid_request', 'a Bearer access token is required', headers);
    try {
      const claims = await verifyUserAccessToken(ctx, sessions, match[1]);
      const account = await findAccount({ oidc: {} } as KoaContextWithOIDC, claims.sub, {
        sessionUid: undefined,
      } as never);
      if (!account) return refuse(res, 'invalid_token', 'the account no longer exists', headers);
      const all = await account.claims('userinfo', claims.scope ?? 'openid', {}, []);
      const identities = await identitiesOfSession(ctx.db, claims.sid);
      const released = releasedClaims({ ...all, oid: claims.oid, identities }, claims.scope ?? 'openid');
      return sendJson(res, 200, { ...released, sub: claims.sub }, headers);
    } catch (error) {
      if (error instanceof InvalidUserToken) return refuse(res, 'invalid_token', error.message, headers);
      throw error;
    }
  };
}

function refuse(res: AnyResponse, error: string, description: string, headers: Record<string, string>): void {
  sendJson(
    res,
    401,
    { error, error_description: description },
    {
      ...headers,
      'www-authenticate': `Bearer error="${error}", error_description="${description}"`,
    },
  );
}
