// POST /oauth/token. The client-credentials grant (RFC 6749 §4.4) is answered here, on the API's hot
// path, with client_secret_basic and client_secret_post; every other grant (authorization code,
// refresh token) is handed to the OpenID provider. Answers with OAuth's own error shape.
import type { AppContext } from '../app-context.ts';
import { ApiError } from '../contract/api-error.ts';
import { clientIp } from '../http/client-ip.ts';
import { type AnyRequest, type AnyResponse, sendJson } from '../http/respond.ts';
import { clientAuthenticationFailed, OAuthError, readCredentials, readParams } from './oauth-request.ts';

/** Where grants other than client credentials go, with the parameters already read. */
export type OtherGrants = (req: AnyRequest, res: AnyResponse, params: URLSearchParams) => Promise<void>;
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

export function createTokenEndpoint(ctx: AppContext, otherGrants?: OtherGrants) {
  return async function tokenEndpoint(req: AnyRequest, res: AnyResponse): Promise<void> {
    try {
      if (req.method !== 'POST') throw new OAuthError(405, 'invalid_request', 'use POST', { allow: 'POST' });
      limit(ctx, `ip:${clientIp(req, ctx.config.trustProxy)}`);
      const params = await readParams(req);
      const grantType = params.get('grant_type');
      if (!grantType) throw new OAuthError(400, 'invalid_request', 'grant_type is required');
      if (grantType !== 'client_credentials') {
        if (otherGrants) return await otherGrants(req, res, params);
        throw new OAuthError(400, 'unsupported_grant_type', `grant_type ${grantType} is not supported here`);
      }
      const credentials = readCredentials(req.headers.authorization, params);
      limit(ctx, `client:${credentials.clientId}`);
      const client = await ctx.clients.authenticate(credentials.clientId, credentials.clientSecret);
      if (!client) throw clientAuthenticationFailed(credentials.viaBasic);
      if (client.grantTypes.length > 0 && !client.grantTypes.includes('client_credentials')) {
        throw new OAuthError(
          400,
          'unauthorized_client',
          'this client may not use the client_credentials grant',
        );
      }
      const oid = client.kind === 'organization' ? (client.organizationId ?? undefined) : undefined;
      const scope = client.scopes.length > 0 ? client.scopes.join(' ') : undefined;
      const claims = client.kind === 'organization' ? client.customClaims : undefined;
      const accessToken = await ctx.tokens.issue(client.id, { scope, oid, claims });
      sendJson(
        res,
        200,
        {
          access_token: accessToken,
          token_type: 'Bearer',
          expires_in: ctx.tokens.expiresIn,
          ...(scope ? { scope } : {}),
        },
        NO_STORE,
      );
    } catch (error) {
      if (error instanceof OAuthError) {
        sendJson(
          res,
          error.status,
          { error: error.error, error_description: error.message },
          { ...NO_STORE, ...error.headers },
        );
      } else if (error instanceof ApiError && error.errorCode === 'PAYLOAD_TOO_LARGE') {
        sendJson(res, 400, { error: 'invalid_request', error_description: error.message }, NO_STORE);
      } else {
        ctx.logger.error({ err: error }, 'token endpoint failed');
        sendJson(res, 500, { error: 'server_error', error_description: 'internal error' }, NO_STORE);
      }
    }
  };
}

function limit(ctx: AppContext, key: string): void {
  const decision = ctx.limits.token.take(key);
  if (!decision.allowed) {
    throw new OAuthError(429, 'slow_down', 'too many token requests; retry later', {
      'retry-after': String(decision.retryAfterSeconds),
    });
  }
}
