// The start of an OIDC login from the hosted sign-in: the authorization request to the IdP with the
// interaction's uid as RelayState, and the browser binding in its cookie. An IdP that cannot be
// reached or is misconfigured gets a clear page, not a stack.
import type { ConnectionRow } from '../connections/connection-store.ts';
import type { InteractionPage } from '../hosted/interaction-page.ts';
import { messagePage } from '../hosted/ui/index.ts';
import { OidcRejected } from './oidc/oidc-rejected.ts';
import { oidcBindingCookie } from './oidc-browser-cookie.ts';

export async function startOidcSso(page: InteractionPage, connection: ConnectionRow): Promise<void> {
  let started;
  try {
    started = await page.ctx.oidcRp.startOidcLogin(page.ctx.db, connection, page.uid);
  } catch (error) {
    if (!(error instanceof OidcRejected)) throw error;
    page.ctx.logger.warn({ connectionId: connection.id, reason: error.reason }, 'OIDC login not started');
    return page.render(
      502,
      messagePage({
        ...page.base,
        title: 'Single sign-on failed',
        message: `Your organization's identity provider cannot be used right now (${error.reason}).`,
        link: { href: page.step(), text: 'Start again' },
      }),
    );
  }
  // Appended: the provider may already have set its own cookies on this response.
  const earlier = page.res.getHeader('set-cookie') ?? [];
  const cookies = (Array.isArray(earlier) ? earlier : [String(earlier)]).map(String);
  // Named after the state the IdP will send back, so logins in other tabs keep their own binding.
  const state = new URL(started.redirectUrl).searchParams.get('state') ?? '';
  cookies.push(oidcBindingCookie(page.ctx.config.publicUrl, state, started.browserBinding));
  page.res.setHeader('set-cookie', cookies);
  page.redirect(started.redirectUrl);
}
