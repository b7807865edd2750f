// /auth/reset?token=…: the page a password-reset mail links to. It stands apart from any sign-in
// (the mail may be opened in another browser); the form's CSRF token is bound to the reset token.
import type { AppContext } from '../app-context.ts';
import type { AnyRequest, AnyResponse } from '../http/respond.ts';
import { refusalOf } from './credential-errors.ts';
import { csrfToken, csrfValid } from './csrf.ts';
import { FormBodyError, readFormBody } from './form-body.ts';
import { hostedPageHeaders, newNonce } from './security-headers.ts';
import { messagePage, resetStep } from './ui/index.ts';

export const RESET_PATH = '/auth/reset';
const LINK_UNUSABLE = 'This reset link has expired or was already used. Ask for a new one.';

export async function resetPage(
  ctx: AppContext,
  req: AnyRequest,
  res: AnyResponse,
  search: string,
): Promise<void> {
  const base = { nonce: newNonce(), appName: ctx.config.appName };
  const key = ctx.box.derive('csrf');
  const send = (status: number, page: string, extra: Record<string, string> = {}) => {
    res.writeHead(status, { ...hostedPageHeaders(base.nonce), ...extra });
    res.end(page);
  };
  if (req.method === 'GET') {
    const token = new URLSearchParams(search).get('token') ?? '';
    if (!token)
      return send(
        400,
        messagePage({ ...base, title: 'Link not valid', message: 'This password reset link is incomplete.' }),
      );
    return send(
      200,
      resetStep({ ...base, action: RESET_PATH, csrf: csrfToken(key, `reset:${token}`), token }),
    );
  }
  if (req.method !== 'POST')
    return send(405, messagePage({ ...base, title: 'Not allowed', message: 'Use the form.' }), {
      allow: 'GET, POST',
    });
  let fields: Record<string, string>;
  try {
    fields = await readFormBody(req);
  } catch (error) {
    if (!(error instanceof FormBodyError)) throw error;
    return send(error.status, messagePage({ ...base, title: 'Request refused', message: error.message }));
  }
  const token = fields.token ?? '';
  if (!token || !csrfValid(key, `reset:${token}`, fields.csrf)) {
    return send(
      403,
      messagePage({ ...base, title: 'Form expired', message: 'Open the link from the email again.' }),
    );
  }
  try {
    const { userId } = await ctx.passwords.completeReset(token, fields.password ?? '');
    // Whoever knew the old password is signed out everywhere.
    await ctx.sessions.revokeAllForUser(userId, 'password_reset');
  } catch (error) {
    const refusal = refusalOf(error, LINK_UNUSABLE);
    if (refusal.status === 400 && refusal.message !== LINK_UNUSABLE) {
      return send(
        400,
        resetStep({
          ...base,
          action: RESET_PATH,
          csrf: csrfToken(key, `reset:${token}`),
          token,
          error: refusal.message,
        }),
      );
    }
    return send(
      refusal.status,
      messagePage({ ...base, title: 'Link not valid', message: refusal.message }),
      refusal.headers,
    );
  }
  send(
    200,
    messagePage({
      ...base,
      title: 'Password changed',
      message: 'Your password is changed. Go back to the application and sign in with it.',
    }),
  );
}
