// GET /sso/saml/:connectionId/authn-request/:requestId — the HTTP-POST binding's hop: for an
// AuthnRequest we stored and that still awaits its answer, a page whose form posts SAMLRequest (the
// XML, base64, enveloped-signed when the connection signs requests) and RelayState to the IdP's SSO
// URL (hosted/ui/auto-post-page.ts: a nonce'd line of script submits it, else "Continue"). The CSP's
// form-action names only the IdP's origin, so the page can post nowhere else. An unknown, answered
// or expired request gets the SSO refusal page: the page never builds a request the ACS would refuse.
import { findConnectionById } from '../connections/connection-store.ts';
import type { AppContext } from '../app-context.ts';
import { hostedPageHeaders, newNonce } from '../hosted/security-headers.ts';
import { autoPostPage } from '../hosted/ui/auto-post-page.ts';
import type { AnyResponse } from '../http/respond.ts';
import { samlFor } from './saml/saml-node-options.ts';
import { samlPostRequestFields } from './saml/saml-request.ts';
import { findPendingSamlRequest } from './saml/saml-request-store.ts';
import { samlLoginConfig } from './saml-login-config.ts';
import { refuseSso } from './sso-refusal-page.ts';
import { usableForLogin } from './sso-routing.ts';

const PAGE_PATH = /^\/sso\/saml\/([^/]+)\/authn-request\/([^/]+)$/;
const CONNECTION_ID = /^conn_[0-9a-z]{26}$/;
// What createSamlAuthnRequest makes: "_" and 20 random bytes in hex.
const REQUEST_ID = /^_[0-9a-f]{40}$/;

export function isSamlPostRequestPath(method: string | undefined, path: string): boolean {
  return method === 'GET' && PAGE_PATH.test(path);
}

export async function serveSamlPostRequest(ctx: AppContext, res: AnyResponse, path: string): Promise<void> {
  const [, connectionId = '', requestId = ''] = PAGE_PATH.exec(path) ?? [];
  const gone = () =>
    refuseSso(ctx, res, 404, 'This sign-in request is unknown, has expired or was already answered.');
  if (!CONNECTION_ID.test(connectionId) || !REQUEST_ID.test(requestId)) return gone();
  const pending = await findPendingSamlRequest(ctx.db, connectionId, requestId);
  if (!pending) return gone();
  const row = await findConnectionById(ctx.db, connectionId);
  // A connection test may run on a disabled connection (test-start.ts); a sign-in may not.
  const allowed = row && (pending.connectionTestId ? true : await usableForLogin(ctx, row));
  const config = allowed ? await samlLoginConfig(ctx, row) : undefined;
  if (!config) return refuseSso(ctx, res, 404, 'This single sign-on connection is not available.');
  if (!config.postRequestPage) {
    // The connection moved to the redirect binding since the request was made: send it that way.
    const url = await samlFor(config, requestId).getAuthorizeUrlAsync(
      pending.relayState ?? '',
      undefined,
      {},
    );
    res.writeHead(303, { location: url, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
    res.end();
    return;
  }
  const fields = await samlPostRequestFields(config, requestId, pending.relayState);
  const nonce = newNonce();
  const page = autoPostPage({
    nonce,
    appName: ctx.config.appName,
    title: 'Single sign-on',
    message: 'Continuing to your identity provider…',
    action: config.idpSsoUrl,
    fields: { SAMLRequest: fields.SAMLRequest, RelayState: fields.RelayState },
  });
  res.writeHead(200, {
    ...hostedPageHeaders(nonce, {
      script: true,
      formActionOrigins: [config.idpSsoUrl],
      noSelfFormAction: true,
    }),
    'content-length': String(Buffer.byteLength(page)),
  });
  res.end(page);
}
