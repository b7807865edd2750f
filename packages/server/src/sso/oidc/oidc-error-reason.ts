// Turns what openid-client (over oauth4webapi) throws into our stable reasons. Its errors carry a
// `code` and nest the detail in `cause` (the claim or attribute that failed), so the chain is walked
// rather than messages parsed.
import { BlockedIdpAddress } from './guarded-fetch.ts';
import { OidcRejected, type OidcRejectReason } from './oidc-rejected.ts';

interface Detail {
  code?: unknown;
  claim?: unknown;
  attribute?: unknown;
  error?: unknown;
  cause?: unknown;
}

function chain(error: unknown): Detail[] {
  const links: Detail[] = [];
  let current: unknown = error;
  while (current && typeof current === 'object' && links.length < 8) {
    links.push(current as Detail);
    current = (current as Detail).cause;
  }
  return links;
}

/** Why a step against the IdP failed; `during` names the step for errors that say nothing specific. */
export function rejectionFor(error: unknown, during: OidcRejectReason): OidcRejected {
  if (error instanceof OidcRejected) return error;
  const links = chain(error);
  if (links.some((l) => l instanceof BlockedIdpAddress)) {
    return new OidcRejected('blocked_address', { cause: error });
  }
  const named = (what: string) => links.some((l) => l.claim === what || l.attribute === what);
  const codes = new Set(links.map((l) => l.code));
  if (codes.has('OAUTH_HTTP_REQUEST_FORBIDDEN'))
    return new OidcRejected('invalid_configuration', { cause: error });
  // The callback's `iss` parameter (RFC 9207) is compared without naming an attribute.
  const issParameter = links.some((l) => l instanceof Error && l.message.includes('"iss" (issuer) response'));
  if (named('iss') || named('issuer') || issParameter)
    return new OidcRejected('wrong_issuer', { cause: error });
  if (named('nonce')) return new OidcRejected('wrong_nonce', { cause: error });
  if (codes.has('OAUTH_AUTHORIZATION_RESPONSE_ERROR')) {
    const idpError = links.find((l) => typeof l.error === 'string')?.error as string | undefined;
    return new OidcRejected('idp_error', { cause: error, idpError: idpError?.slice(0, 64) });
  }
  if (codes.has('OAUTH_RESPONSE_BODY_ERROR') && during === 'token_exchange_failed') {
    return new OidcRejected('token_exchange_failed', { cause: error });
  }
  return new OidcRejected(during, { cause: error });
}
