// The pages of RP-initiated logout (/oidc/logout): "Sign out?" before ending the session, and
// "You are signed out" when the application gave no post-logout redirect. Rendered with the hosted
// page kit and its security headers; the confirm form posts to the provider's confirm endpoint.
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { AppContext } from '../app-context.ts';
import { hostedPageHeaders, newNonce } from '../hosted/security-headers.ts';
import { logoutConfirm, messagePage } from '../hosted/ui/index.ts';

const ACTION = /action="([^"]+)"/;
const XSRF = /name="xsrf" value="([^"]+)"/;

export function logoutPages(ctx: AppContext) {
  const { appName } = ctx.config;
  return {
    async logoutSource(oidcCtx: KoaContextWithOIDC, form: string): Promise<void> {
      const nonce = newNonce();
      const action = ACTION.exec(form)?.[1] ?? '/oidc/logout/confirm';
      const xsrf = XSRF.exec(form)?.[1] ?? '';
      const redirects = (oidcCtx.oidc.client?.postLogoutRedirectUris as string[] | undefined) ?? [];
      // A valid id_token_hint for the person signed in here proves the application asked: no question.
      const hint = oidcCtx.oidc.entities.IdTokenHint as { payload?: { sub?: string } } | undefined;
      const autoSubmit = Boolean(hint?.payload?.sub && hint.payload.sub === oidcCtx.oidc.session?.accountId);
      oidcCtx.set(hostedPageHeaders(nonce, { formActionOrigins: redirects, script: autoSubmit }));
      oidcCtx.body = logoutConfirm({
        autoSubmit,
        nonce,
        appName,
        action: decodeEntities(action),
        csrf: xsrf,
        xsrfFieldName: 'xsrf',
      });
    },
    async postLogoutSuccessSource(oidcCtx: KoaContextWithOIDC): Promise<void> {
      const nonce = newNonce();
      oidcCtx.set(hostedPageHeaders(nonce));
      oidcCtx.body = messagePage({
        nonce,
        appName,
        title: 'You are signed out',
        message: 'You have been signed out. You can close this window.',
      });
    },
  };
}

function decodeEntities(text: string): string {
  return text
    .replace(/&amp;/g, '&')
    .replace(/&#x2F;/gi, '/')
    .replace(/&quot;/g, '"');
}
