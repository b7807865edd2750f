// Asking for a password-reset email. The "sent" state reads the same whether or not an account
// exists for the address, so the page cannot be used to find out who has an account.
import { html, safeUrl } from '../../util/html.ts';
import { inputField, postForm, submitButton } from './components.ts';
import { layout, type PageBase } from './layout.ts';

export interface ForgotStepProps extends PageBase {
  action: string;
  csrf: string;
  email?: string;
  /** The request was taken: say so instead of showing the form. */
  sent?: boolean;
  signInHref?: string;
}

export function forgotStep(p: ForgotStepProps): string {
  const back = p.signInHref
    ? html`<p class="footnote"><a href="${safeUrl(p.signInHref)}">Back to sign in</a></p>`
    : '';
  if (p.sent) {
    const to = p.email ? html` for <strong>${p.email}</strong>` : '';
    const body = html`<p class="message">
        If an account exists${to}, we have sent an email with a link to choose a new password. The link works
        once and expires soon.
      </p>
      <div role="status" class="notice">Check your inbox, and your spam folder.</div>
      ${back}`;
    return layout({ ...p, title: 'Check your email', body });
  }
  const email = inputField({
    id: 'email',
    name: 'email',
    label: 'Email address',
    type: 'email',
    autocomplete: 'email',
    value: p.email,
    required: true,
    autofocus: true,
  });
  const body = html`<p class="lead">Enter your email and we will send you a link to choose a new password.</p>
    ${postForm(p.action, p.csrf, html`${email}${submitButton('Send reset link')}`)}${back}`;
  return layout({ ...p, title: 'Reset your password', body });
}
