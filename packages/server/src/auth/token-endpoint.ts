// POST /oauth/token for the client-credentials grant (RFC 6749 §4.4), with client_secret_basic and
// client_secret_post. Answers with OAuth's own error shape ({error, error_description}).
import type { AppContext } from '../app-context.ts';
import { ApiError } from '../contract/api-error.ts';
import { clientIp } from '../http/client-ip.ts';
import { readBody } from '../http/request-body.ts';
import { type AnyRequest, type AnyResponse, sendJson } from '../http/respond.ts';

const MAX_TOKEN_BODY = 16 * 1024;
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    description: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
  }
}

interface Credentials {
  clientId: string;
  clientSecret: string;
  viaBasic: boolean;
}

export function createTokenEndpoint(ctx: AppContext) {
  return async function tokenEndpoint(req: AnyRequest, res: AnyResponse): Promise<void> {
    try {
      if (req.method !== 'POST') throw new OAuthError(405, 'invalid_request', 'use POST', { allow: 'POST' });
      limit(ctx, `ip:${clientIp(req, ctx.config.trustProxy)}`);
      const params = await readParams(req);
      const grantType = params.get('grant_type');
      if (!grantType) throw new OAuthError(400, 'invalid_request', 'grant_type is required');
      if (grantType !== 'client_credentials') {
        throw new OAuthError(400, 'unsupported_grant_type', `grant_type ${grantType} is not supported here`);
      }
      const credentials = readCredentials(req.headers.authorization, params);
      limit(ctx, `client:${credentials.clientId}`);
      const client = await ctx.clients.authenticate(credentials.clientId, credentials.clientSecret);
      if (!client) {
        throw new OAuthError(
          401,
          'invalid_client',
          'client authentication failed',
          credentials.viaBasic ? { 'www-authenticate': 'Basic realm="gatehouse"' } : {},
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

async function readParams(req: AnyRequest): Promise<URLSearchParams> {
  const body = (await readBody(req, MAX_TOKEN_BODY)).toString('utf8');
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]
    ?.trim()
    .toLowerCase();
  if (type === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new OAuthError(400, 'invalid_request', 'body is not valid JSON');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new OAuthError(400, 'invalid_request', 'body must be a JSON object');
    }
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(parsed)) {
      if (typeof value !== 'string') throw new OAuthError(400, 'invalid_request', `${key} must be a string`);
      params.set(key, value);
    }
    return params;
  }
  if (type !== 'application/x-www-form-urlencoded') {
    throw new OAuthError(400, 'invalid_request', 'content-type must be application/x-www-form-urlencoded');
  }
  const params = new URLSearchParams(body);
  for (const key of new Set(params.keys())) {
    // RFC 6749 §3.2: request parameters must not be repeated.
    if (params.getAll(key).length > 1) throw new OAuthError(400, 'invalid_request', `${key} is repeated`);
  }
  return params;
}

function readCredentials(authorization: string | undefined, params: URLSearchParams): Credentials {
  const bodyId = params.get('client_id');
  const bodySecret = params.get('client_secret');
  if (authorization && /^Basic /i.test(authorization)) {
    if (bodySecret)
      throw new OAuthError(400, 'invalid_request', 'use one client authentication method, not two');
    const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new OAuthError(401, 'invalid_client', 'malformed Basic credentials');
    // RFC 6749 §2.3.1: both parts are form-urlencoded before base64.
    const clientId = safeDecode(decoded.slice(0, colon));
    const clientSecret = safeDecode(decoded.slice(colon + 1));
    if (bodyId && bodyId !== clientId)
      throw new OAuthError(400, 'invalid_request', 'client_id does not match');
    return { clientId, clientSecret, viaBasic: true };
  }
  if (!bodyId || !bodySecret)
    throw new OAuthError(401, 'invalid_client', 'client_id and client_secret are required');
  return { clientId: bodyId, clientSecret: bodySecret, viaBasic: false };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    throw new OAuthError(401, 'invalid_client', 'malformed Basic credentials');
  }
}
