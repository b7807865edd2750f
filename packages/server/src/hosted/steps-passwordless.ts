// Sign-in by a one-time code or a sign-in link, both mailed at once. Proving the mailbox also signs
// up a person who has no account yet (a verified user is created), as Scalekit's hosted login does.
import { findOrCreateVerifiedUser } from '../credentials/login-users.ts';
import { parseEmail } from '../users/email.ts';
import { refusalOf } from './credential-errors.ts';
import { completeLogin } from './finish-login.ts';
import type { InteractionPage } from './interaction-page.ts';
import type { SignInFlow } from './sign-in-flow.ts';
import { showEmail } from './steps-sign-in.ts';
import { absolute } from './steps-sign-up.ts';
import { linkSentStep, messagePage, otpStep } from './ui/index.ts';
import { redirectToSso } from '../sso/sso-redirect.ts';

export const CODE_FAILED = 'That code is incorrect or has expired.';

export function showOtp(
  page: InteractionPage,
  email: string,
  error?: string,
  status = 200,
  headers = {},
): void {
  page.render(
    status,
    otpStep({
      ...page.base,
      action: page.step('verify'),
      csrf: page.csrf,
      email,
      error,
      resendAction: page.step('resend'),
      changeEmailHref: page.step(),
    }),
    headers,
  );
}

/** POST otp / link: mail a code and a link, then ask for the code or say the link is on its way. */
export async function sendPasswordless(page: InteractionPage, kind: 'otp' | 'link'): Promise<void> {
  const email = page.pending().email;
  if (!email) return showEmail(page);
  // SSO is enforced: an address remembered by DiscoveryAuthMethod for an SSO domain goes to its IdP.
  if (await redirectToSso(page, email)) return;
  try {
    const sent = await page.ctx.passwordless.send({
      email,
      linkUrlBase: absolute(page, 'magic'),
      ip: page.ip,
    });
    await page.remember({ authRequestId: sent.authRequestId });
    if (kind === 'otp') return showOtp(page, email);
    page.render(
      200,
      linkSentStep({
        ...page.base,
        email,
        csrf: page.csrf,
        resendAction: page.step('resend'),
        otpHref: sent.passwordlessType === 'LINK' ? undefined : page.step('code'),
        expiresInMinutes: Math.round(sent.expiresInSeconds / 60),
      }),
    );
  } catch (error) {
    const refusal = refusalOf(error, 'We could not send the email. Try again.');
    showEmail(page, email, refusal.message, refusal.status);
  }
}

export async function resendPasswordless(page: InteractionPage): Promise<void> {
  const { email, authRequestId } = page.pending();
  if (!email || !authRequestId) return showEmail(page);
  if (await redirectToSso(page, email)) return;
  try {
    await page.ctx.passwordless.resend(authRequestId, page.ip);
    showOtp(page, email);
  } catch (error) {
    const refusal = refusalOf(error, 'A new code cannot be sent yet. Use the last one, or start again.');
    showOtp(page, email, refusal.message, refusal.status, refusal.headers);
  }
}

export async function verifyCode(page: InteractionPage, fields: Record<string, string>): Promise<void> {
  const { email, authRequestId } = page.pending();
  if (!email || !authRequestId) return showEmail(page);
  if (await redirectToSso(page, email)) return;
  try {
    await completeLogin(page, await proveByCode(page, fields.code ?? ''), 'otp');
  } catch (error) {
    const refusal = refusalOf(error, CODE_FAILED);
    showOtp(
      page,
      email,
      refusal.status === 400 ? CODE_FAILED : refusal.message,
      refusal.status,
      refusal.headers,
    );
  }
}

/** GET magic?link_token=…: the link from the mail, opened in the browser that asked for it. */
export async function openMagicLink(page: InteractionPage, search: string): Promise<void> {
  const linkToken = new URLSearchParams(search).get('link_token') ?? '';
  if (await redirectToSso(page)) return;
  try {
    const verified = await page.ctx.passwordless.verify({
      linkToken,
      authRequestId: page.pending().authRequestId,
    });
    await signInVerified(page, verified.email, 'magic_link');
  } catch (error) {
    const refusal = refusalOf(error, 'This sign-in link has expired or was already used.');
    page.render(
      refusal.status,
      messagePage({
        ...page.base,
        title: 'Link not valid',
        message: refusal.message,
        link: { href: page.step(), text: 'Back to sign in' },
      }),
      refusal.headers,
    );
  }
}

async function signInVerified(page: InteractionPage, email: string, method: string): Promise<void> {
  await completeLogin(page, await userOfVerifiedEmail(page, email), method);
}

/** Checks a code against the passwordless request this sign-in waits on; the user it proves. */
export async function proveByCode(flow: SignInFlow, code: string): Promise<string> {
  const verified = await flow.ctx.passwordless.verify({ code, authRequestId: flow.pending().authRequestId });
  return userOfVerifiedEmail(flow, verified.email);
}

/** The user a proven address belongs to; a new address becomes a user, remembered as signed up. */
async function userOfVerifiedEmail(flow: SignInFlow, email: string): Promise<string> {
  const { userId, created } = await findOrCreateVerifiedUser(
    { db: flow.ctx.db, environmentId: flow.ctx.environmentId },
    parseEmail(email),
  );
  if (created) await flow.remember({ signedUpUserId: userId });
  return userId;
}
