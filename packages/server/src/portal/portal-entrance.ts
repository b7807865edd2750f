// GET /portal/links/<token>: the entrance the portal link points at. Opening it consumes the link
// (once, atomically) and starts a portal session in the same transaction; the browser gets the
// session cookie and goes on to the portal. An unknown, used or expired link starts nothing.
import type { AppContext } from '../app-context.ts';
import { hostedPageHeaders, newNonce } from '../hosted/security-headers.ts';
import type { AnyResponse } from '../http/respond.ts';
import { portalMessage } from './pages/portal-message.ts';
import { consumePortalLink } from './portal-link-service.ts';
import { clearedSessionCookie, sessionCookie, startPortalSession } from './portal-session.ts';

const LINK_TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

/** The portal's first page for a link's features. */
export function portalHome(features: readonly string[]): string {
  return features.includes('sso') ? '/portal/sso' : '/portal';
}

export async function openPortalLink(ctx: AppContext, res: AnyResponse, token: string): Promise<void> {
  const link = LINK_TOKEN.test(token) ? await consumePortalLink(ctx, token, startPortalSession) : undefined;
  if (!link?.started) {
    return sendPortalMessage(res, 404, {
      title: 'This link cannot be used',
      message:
        'The admin portal link is unknown, has expired or has already been used. Ask the application for a new link.',
    });
  }
  res.writeHead(303, {
    location: portalHome(link.features),
    'set-cookie': sessionCookie(ctx, link.started),
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
  });
  res.end();
}

/** No session, a forged or unknown cookie, or one past its idle or absolute deadline. */
export function sessionEnded(ctx: AppContext, res: AnyResponse): void {
  sendPortalMessage(
    res,
    401,
    {
      title: 'Your admin portal session has ended',
      message:
        'Portal sessions end after 30 minutes without activity, or 8 hours after they start. Ask the application for a new admin portal link.',
    },
    { 'set-cookie': clearedSessionCookie(ctx) },
  );
}

export function sendPortalMessage(
  res: AnyResponse,
  status: number,
  p: { title: string; message: string; organizationName?: string; link?: { href: string; text: string } },
  extra: Record<string, string> = {},
): void {
  const nonce = newNonce();
  res.writeHead(status, { ...hostedPageHeaders(nonce), ...extra });
  res.end(portalMessage({ ...p, nonce }));
}
