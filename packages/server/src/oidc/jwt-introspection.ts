// RFC 7662 introspection of the JWT access tokens Gatehouse issues to signed-in people
// (oidc-provider introspects only the tokens it stores, such as refresh tokens). The caller must
// authenticate as the application the token was issued to; to anyone else the token is inactive.
import type { AppContext } from '../app-context.ts';
import { OAuthError, readCredentials } from '../auth/oauth-request.ts';
import { type AnyRequest, type AnyResponse, sendJson } from '../http/respond.ts';
import type { SessionLink } from './session-link.ts';
import { InvalidUserToken, verifyUserAccessToken } from './user-access-token.ts';

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/** Answers and returns true when the token is a JWT; false leaves it to the provider. */
export async function introspectUserToken(
  ctx: AppContext,
  sessions: SessionLink,
  req: AnyRequest,
  res: AnyResponse,
  params: URLSearchParams,
): Promise<boolean> {
  const token = params.get('token') ?? '';
  if (!JWT_SHAPE.test(token)) return false;
  const credentials = readCredentials(req.headers.authorization, params);
  const client = await ctx.clients.authenticate(credentials.clientId, credentials.clientSecret);
  if (!client) throw new OAuthError(401, 'invalid_client', 'client authentication failed');
  const noStore = { 'cache-control': 'no-store' };
  try {
    const claims = await verifyUserAccessToken(ctx, sessions, token);
    if (claims.client_id !== client.id) {
      sendJson(res, 200, { active: false }, noStore);
      return true;
    }
    sendJson(res, 200, { active: true, token_type: 'Bearer', ...claims }, noStore);
  } catch (error) {
    if (!(error instanceof InvalidUserToken)) throw error;
    sendJson(res, 200, { active: false }, noStore);
  }
  return true;
}
