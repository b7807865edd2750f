// The browser behind an AuthService call: the sign-in its cookie names (looked up only when a method
// needs it, so the public methods work without one) and its Gatehouse session, for Logout.
import type { AppContext } from '../app-context.ts';
import { unauthenticated } from '../contract/api-error.ts';
import type { AnyRequest, AnyResponse } from '../http/respond.ts';
import type { OidcRoutes } from '../oidc/oidc-routes.ts';
import { ApiSignIn } from './api-sign-in.ts';
import { clearSignInCookie, koaContext, readSignInCookie } from './signin-cookie.ts';

export interface BrowserSignIn {
  readonly ip: string;
  /** The sign-in in progress in this browser; UNAUTHENTICATED when there is none (or it expired). */
  current(): Promise<ApiSignIn>;
  /** Ends this browser's Gatehouse session and provider session; false when it had none. */
  logout(): Promise<boolean>;
}

export const NO_SIGN_IN = 'no sign-in is in progress in this browser; start again from the application';

export function browserSignIn(
  ctx: AppContext,
  oidc: Pick<OidcRoutes, 'provider' | 'sessions'>,
  req: AnyRequest,
  res: AnyResponse,
  ip: string,
): BrowserSignIn {
  const { provider, sessions } = oidc;
  let found: Promise<ApiSignIn> | undefined;

  async function lookUp(): Promise<ApiSignIn> {
    const uid = readSignInCookie(provider, req, res);
    const interaction = uid ? await provider.Interaction.find(uid) : undefined;
    if (!interaction) throw unauthenticated(NO_SIGN_IN);
    // As provider.interactionDetails does: a sign-in that began inside a browser session is over
    // once that session ended or now belongs to someone else.
    if (interaction.session?.uid) {
      const session = await provider.Session.findByUid(interaction.session.uid);
      if (session?.accountId !== interaction.session.accountId) throw unauthenticated(NO_SIGN_IN);
    }
    const userAgent = String(req.headers['user-agent'] ?? '').slice(0, 512);
    return new ApiSignIn(ctx, sessions, interaction, ip, userAgent);
  }

  return {
    ip,
    current: () => (found ??= lookUp()),

    async logout(): Promise<boolean> {
      const koa = koaContext(provider, req, res);
      const session = await provider.Session.get(koa);
      clearSignInCookie(provider, req, res);
      if (!session.accountId) return false;
      const ended = await ctx.sessions.markLoggedOut(session.uid);
      if (ended) sessions.forget(ended.id);
      await session.destroy();
      koa.cookies.set(provider.cookieName('session'), null, { path: '/', signed: true });
      return true;
    },
  };
}
