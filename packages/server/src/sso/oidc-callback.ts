// GET /sso/oidc/:connectionId/callback: the browser back from an organization's OIDC IdP. The relying
// party checks the state against the browser's binding cookie (once), exchanges the code with PKCE
// and validates the ID token; the interaction it belongs to is the RelayState stored when the login
// started (nothing in the callback is trusted for it). Then the same hand-off as the SAML ACS.
import { findConnectionById } from '../connections/connection-store.ts';
import type { AppContext } from '../app-context.ts';
import type { AnyRequest, AnyResponse } from '../http/respond.ts';
import { refuseSso } from './sso-refusal-page.ts';
import { OidcRejected } from './oidc/oidc-rejected.ts';
import { callbackState, clearedOidcBindingCookie, readOidcBinding } from './oidc-browser-cookie.ts';
import { oidcConnectionUsable, profileFromOidcClaims } from './oidc-connection.ts';
import { storeSsoResult } from './sso-handoff.ts';
import { usableForLogin } from './sso-routing.ts';
import { answerOidcTest, oidcTestNamed } from './connection-test/test-oidc-answer.ts';

const CALLBACK_PATH = /^\/sso\/oidc\/(conn_[0-9a-z]{26})\/callback$/;

export function isOidcCallbackPath(method: string | undefined, path: string): boolean {
  return method === 'GET' && CALLBACK_PATH.test(path);
}

export async function serveOidcCallback(
  ctx: AppContext,
  req: AnyRequest,
  res: AnyResponse,
  path: string,
  search: string,
): Promise<void> {
  const connectionId = CALLBACK_PATH.exec(path)?.[1] ?? '';
  // The binding is single-use whatever happens next: this login's cookie, named by its state (the
  // browser's other pending logins keep theirs).
  const state = callbackState(search);
  res.setHeader('set-cookie', clearedOidcBindingCookie(ctx.config.publicUrl, state));
  const row = await findConnectionById(ctx.db, connectionId);
  // A connection test's answer is recorded, never signed in, and may come to a disabled connection.
  const testId = row ? await oidcTestNamed(ctx, row.id, search) : undefined;
  if (row && testId) {
    return answerOidcTest(
      ctx,
      res,
      row,
      testId,
      `${ctx.config.publicUrl}${path}${search ? `?${search}` : ''}`,
    );
  }
  if (!row || !oidcConnectionUsable(row) || !(await usableForLogin(ctx, row))) {
    return refuseSso(ctx, res, 404, 'This single sign-on connection is not available.');
  }
  try {
    const callbackUrl = `${ctx.config.publicUrl}${path}${search ? `?${search}` : ''}`;
    const login = await ctx.oidcRp.finishOidcLogin(ctx.db, row, callbackUrl, readOidcBinding(req, state));
    // Every login this server starts carries its interaction; one without cannot be handed to anyone.
    if (!login.relayState) throw new OidcRejected('unknown_state');
    const profile = profileFromOidcClaims(login.claims);
    const token = await storeSsoResult(ctx.db, login.relayState, { connectionId, profile });
    res.writeHead(303, {
      location: `/interaction/${encodeURIComponent(login.relayState)}/sso?result=${token}`,
      'cache-control': 'no-store',
    });
    res.end();
  } catch (error) {
    if (!(error instanceof OidcRejected)) throw error;
    ctx.logger.warn(
      { connectionId, reason: error.reason, idpError: error.idpError },
      'OIDC callback refused',
    );
    // The IdP's error code comes from the callback's query: shown only when it looks like an OAuth code.
    const code = /^[a-z_]{1,64}$/.test(error.idpError ?? '') ? error.idpError : 'unknown';
    const why = error.reason === 'idp_error' ? `idp_error: ${code}` : error.reason;
    return refuseSso(ctx, res, 400, `The identity provider's answer was refused (${why}).`);
  }
}
