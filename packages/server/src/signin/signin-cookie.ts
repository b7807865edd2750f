// The cookie that lets a hosted login page's script call AuthService about its own sign-in. The
// provider's `_interaction` cookie is scoped to /interaction/<uid>, so a browser never sends it to
// /api/v1/auth…; when an interaction starts, Gatehouse also sets this one, for every path, holding the
// same interaction id and signed with the provider's cookie keys (an id read from a URL is useless
// without the signature). HttpOnly and SameSite=Lax like the provider's own; Secure over https.
import type Provider from 'oidc-provider';
import type { AnyRequest, AnyResponse } from '../http/respond.ts';

export const SIGNIN_COOKIE = '_gatehouse_signin';

const OPTIONS = { signed: true, httpOnly: true, sameSite: 'lax', path: '/', overwrite: true } as const;

/** From now on every interaction the provider starts also sets the sign-in cookie. */
export function issueSignInCookies(provider: Provider): void {
  provider.on('interaction.started', (koaCtx) => {
    const interaction = koaCtx.oidc.entities.Interaction;
    if (!interaction) return;
    const maxAge = Math.max(0, interaction.exp * 1000 - Date.now());
    koaCtx.cookies.set(SIGNIN_COOKIE, interaction.uid, { ...OPTIONS, maxAge });
  });
}

/** The interaction id of this browser's sign-in, when its cookie carries a valid signature. */
export function readSignInCookie(provider: Provider, req: AnyRequest, res: AnyResponse): string | undefined {
  return koaContext(provider, req, res).cookies.get(SIGNIN_COOKIE, { signed: true }) || undefined;
}

/** Forgets the sign-in cookie (after a logout). */
export function clearSignInCookie(provider: Provider, req: AnyRequest, res: AnyResponse): void {
  koaContext(provider, req, res).cookies.set(SIGNIN_COOKIE, null, OPTIONS);
}

/**
 * The provider's Koa context over a request, for its cookie keys and session lookup. Koa is typed
 * for HTTP/1 only; it reads headers and writes Set-Cookie through the compatibility API that
 * HTTP/2 requests share, hence the cast.
 */
export function koaContext(provider: Provider, req: AnyRequest, res: AnyResponse) {
  return provider.createContext(req as never, res as never);
}
