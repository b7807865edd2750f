// The first step of sign-in: the email address, which decides what comes next (password, a
// passwordless method or enterprise SSO).
import { html, safeUrl } from '../../util/html.ts';
import { errorAlert, inputField, notice, postForm, submitButton } from './components.ts';
import { layout, type PageBase } from './layout.ts';

export interface EmailStepProps extends PageBase {
  action: string;
  csrf: string;
  email?: string;
  error?: string;
  /** Shown when sign-up is open. */
  signUpHref?: string;
  /** A neutral message above the form ("You have been signed out."). */
  notice?: string;
}

export function emailStep(p: EmailStepProps): string {
  const form = postForm(
    p.action,
    p.csrf,
    html`${inputField({
      id: 'email',
      name: 'email',
      label: 'Email address',
      type: 'email',
      autocomplete: 'email',
      value: p.email,
      required: true,
      autofocus: true,
      invalid: Boolean(p.error),
    })}
    ${submitButton('Continue')}`,
  );
  const signUp = p.signUpHref
    ? html`<p class="footnote">New here? <a href="${safeUrl(p.signUpHref)}">Create an account</a></p>`
    : '';
  const body = html`<p class="lead">to continue to ${p.appName}</p>
    ${notice(p.notice)}${errorAlert(p.error)}${form}${signUp}`;
  return layout({ ...p, title: 'Sign in', body });
}
