// The mails of password credentials: a reset link, and the notice sent when someone tries to sign
// up with an address that already has an account. Sending never fails the caller's request: the
// answer must not depend on whether a mail went out (that would tell who has an account).
import { escapeHtml } from '../mail/html.ts';
import type { CredentialDeps } from './credential-deps.ts';

export function sendInBackground(
  deps: Pick<CredentialDeps, 'mail' | 'logger'>,
  message: Parameters<CredentialDeps['mail']['send']>[0],
): Promise<void> {
  return deps.mail.send(message).then(
    () => undefined,
    (error: unknown) => deps.logger.error({ err: error }, 'credential mail could not be sent'),
  );
}

export function resetMail(to: string, link: string, expiresAt: string) {
  const expires = new Date(expiresAt).toUTCString();
  return {
    to,
    subject: 'Reset your password',
    text: `Someone asked to reset the password of your account (${to}).\n\nChoose a new password: ${link}\n\nThe link works once and expires ${expires}. If you did not ask for this, ignore this message: your password stays as it is.\n`,
    html: `<p>Someone asked to reset the password of your account (${escapeHtml(to)}).</p><p><a href="${escapeHtml(link)}">Choose a new password</a></p><p>The link works once and expires ${escapeHtml(expires)}. If you did not ask for this, ignore this message: your password stays as it is.</p>`,
  };
}

export function accountExistsMail(to: string, signInUrl: string | undefined) {
  const where = signInUrl ? `\n\nSign in: ${signInUrl}` : '';
  return {
    to,
    subject: 'You already have an account',
    text: `Someone tried to create an account with this address (${to}), but you already have one. Nothing was changed.\n\nIf it was you, sign in instead, or reset your password if you have forgotten it.${where}\n\nIf it was not you, ignore this message.\n`,
  };
}
