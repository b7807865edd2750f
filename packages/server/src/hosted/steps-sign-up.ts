// Sign-up with a password. The address is proven before the account can sign in: a code (and link)
// is mailed to it whether the address was new or already had an account, so every later step
// (verify, resend) behaves the same and sign-up does not tell who has an account. For a taken
// address the password typed here is dropped: the code signs its owner in to the existing account,
// and the owner is also told someone tried to sign up with it.
import { refusalOf } from './credential-errors.ts';
import type { InteractionPage } from './interaction-page.ts';
import { showSignUp } from './steps-sign-in.ts';
import { showOtp } from './steps-passwordless.ts';
import { redirectToSso } from '../sso/sso-redirect.ts';

export async function postSignUp(page: InteractionPage, fields: Record<string, string>): Promise<void> {
  const email = (fields.email ?? '').trim();
  // SSO is enforced for sign-up too: no account, password or mail for an address its IdP vouches for.
  if (email && (await redirectToSso(page, email))) return;
  try {
    const result = await page.ctx.passwords.signUp({
      email,
      password: fields.password ?? '',
      givenName: fields.given_name?.trim() || undefined,
      familyName: fields.family_name?.trim() || undefined,
      ip: page.ip,
      signInUrl: page.ctx.config.publicUrl,
    });
    const sent = await page.ctx.passwordless.send({
      email,
      template: result.status === 'created' ? 'SIGNUP' : 'SIGNIN',
      linkUrlBase: absolute(page, 'magic'),
      ip: page.ip,
    });
    await page.remember({
      email,
      authRequestId: sent.authRequestId,
      ...(result.status === 'created' ? { signedUpUserId: result.userId } : {}),
    });
    showOtp(page, email);
  } catch (error) {
    const refusal = refusalOf(error, 'Sign-up could not be completed.');
    showSignUp(page, fields, refusal.message, refusal.status);
  }
}

export function absolute(page: InteractionPage, step: string): string {
  return `${page.ctx.config.publicUrl}${page.step(step)}`;
}
