// Reading an OAuth request at the token, revocation and introspection endpoints: the parameters
// (form or JSON body, no repeats) and the client's credentials (Basic or body), with OAuth's errors.
import { readBody } from '../http/request-body.ts';
import type { AnyRequest } from '../http/respond.ts';

const MAX_TOKEN_BODY = 16 * 1024;

export class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    description: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
  }
}

/** RFC 6749 §5.2: a failed client authentication; over Basic it also names the challenge. */
export function clientAuthenticationFailed(viaBasic: boolean): OAuthError {
  return new OAuthError(
    401,
    'invalid_client',
    'client authentication failed',
    viaBasic ? { 'www-authenticate': 'Basic realm="gatehouse"' } : {},
  );
}

export interface Credentials {
  clientId: string;
  clientSecret: string;
  viaBasic: boolean;
}

export async function readParams(req: AnyRequest): Promise<URLSearchParams> {
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

export function readCredentials(authorization: string | undefined, params: URLSearchParams): Credentials {
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
