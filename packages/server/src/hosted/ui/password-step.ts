// Sign-in for an account with a password, with the passwordless methods offered beside it.
import { html, safeUrl } from '../../util/html.ts';
import {
  divider,
  errorAlert,
  identity,
  inputField,
  passwordlessForms,
  postForm,
  submitButton,
  usernameField,
} from './components.ts';
import { layout, type PageBase } from './layout.ts';

export interface PasswordStepProps extends PageBase {
  action: string;
  csrf: string;
  email: string;
  error?: string;
  forgotHref: string;
  /** POST here to be emailed a one-time code instead. */
  otpAction?: string;
  /** POST here to be emailed a sign-in link instead. */
  magicLinkAction?: string;
  changeEmailHref: string;
}

export function passwordStep(p: PasswordStepProps): string {
  const password = inputField({
    id: 'password',
    name: 'password',
    label: 'Password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
    autofocus: true,
    invalid: Boolean(p.error),
    labelAside: html`<a href="${safeUrl(p.forgotHref)}">Forgot password?</a>`,
  });
  const form = postForm(
    p.action,
    p.csrf,
    html`${usernameField(p.email)}${password}${submitButton('Sign in')}`,
  );
  const others = passwordlessForms(p);
  const body = html`${identity(p.email, p.changeEmailHref)}${errorAlert(p.error)}${form}
  ${
    others.length > 0
      ? html`${divider('or')}
          <div class="stack">${others}</div>`
      : ''
  }`;
  return layout({ ...p, title: 'Enter your password', body });
}
