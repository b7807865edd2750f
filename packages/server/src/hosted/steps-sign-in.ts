// Email first, then the password (with the passwordless methods beside it). Whatever the email, the
// next page is the same, and a wrong password reads the same as an unknown account.
import { MIN_PASSWORD_LENGTH } from '../credentials/password-strength.ts';
import { refusalOf } from './credential-errors.ts';
import { completeLogin } from './finish-login.ts';
import type { InteractionPage } from './interaction-page.ts';
import { emailStep, forgotStep, passwordStep, signUpStep } from './ui/index.ts';
import { redirectToSso } from '../sso/sso-redirect.ts';

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,255}$/;

export function showEmail(page: InteractionPage, email?: string, error?: string, status = 200): void {
  const hint = page.interaction.params.login_hint;
  page.render(
    status,
    emailStep({
      ...page.base,
      action: page.step('email'),
      csrf: page.csrf,
      email: email ?? page.pending().email ?? (typeof hint === 'string' ? hint : undefined),
      error,
      signUpHref: page.step('signup'),
    }),
  );
}

export async function postEmail(page: InteractionPage, fields: Record<string, string>): Promise<void> {
  const email = (fields.email ?? '').trim();
  if (!EMAIL.test(email)) return showEmail(page, email, 'Enter a valid email address.', 400);
  // Home-realm discovery: an email in a domain with SSO goes to its IdP; no password is offered,
  // and the address is not remembered, so the passwordless steps cannot be used for it either.
  if (await redirectToSso(page, email)) return;
  await page.remember({ email });
  showPassword(page, email);
}

export function showPassword(
  page: InteractionPage,
  email: string,
  error?: string,
  status = 200,
  headers = {},
): void {
  page.render(
    status,
    passwordStep({
      ...page.base,
      action: page.step('password'),
      csrf: page.csrf,
      email,
      error,
      forgotHref: page.step('forgot'),
      otpAction: page.step('otp'),
      magicLinkAction: page.step('link'),
      changeEmailHref: page.step(),
    }),
    headers,
  );
}

export async function postPassword(page: InteractionPage, fields: Record<string, string>): Promise<void> {
  const email = (fields.email ?? page.pending().email ?? '').trim();
  if (!EMAIL.test(email)) return showEmail(page, email, 'Enter a valid email address.', 400);
  // SSO is enforced for a domain with SSO: a password is not even checked.
  if (await redirectToSso(page, email)) return;
  try {
    const { userId } = await page.ctx.passwords.signIn({
      email,
      password: fields.password ?? '',
      ip: page.ip,
    });
    await completeLogin(page, userId, 'password');
  } catch (error) {
    const refusal = refusalOf(error, 'The email or password is incorrect.');
    showPassword(page, email, refusal.message, refusal.status, refusal.headers);
  }
}

export function showSignUp(
  page: InteractionPage,
  values: Record<string, string> = {},
  error?: string,
  status = 200,
): void {
  page.render(
    status,
    signUpStep({
      ...page.base,
      action: page.step('signup'),
      csrf: page.csrf,
      email: values.email ?? page.pending().email,
      givenName: values.given_name,
      familyName: values.family_name,
      error,
      errorField: error && !/email/i.test(error) ? 'password' : 'email',
      signInHref: page.step(),
      passwordHint: `At least ${MIN_PASSWORD_LENGTH} characters. Avoid common passwords and your email address.`,
      passwordMinLength: MIN_PASSWORD_LENGTH,
    }),
  );
}

export function showForgot(page: InteractionPage, sent = false): void {
  page.render(
    200,
    forgotStep({
      ...page.base,
      action: page.step('forgot'),
      csrf: page.csrf,
      email: page.pending().email,
      sent,
      signInHref: page.step(),
    }),
  );
}

export async function postForgot(page: InteractionPage, fields: Record<string, string>): Promise<void> {
  const email = (fields.email ?? '').trim();
  if (EMAIL.test(email)) {
    try {
      await page.ctx.passwords.startReset(email, page.ip, `${page.ctx.config.publicUrl}/auth/reset`);
    } catch (error) {
      const refusal = refusalOf(error, '');
      if (refusal.status === 429)
        return page.render(
          429,
          forgotStep({ ...page.base, action: page.step('forgot'), csrf: page.csrf, email }),
          refusal.headers,
        );
    }
  }
  showForgot(page, true);
}
