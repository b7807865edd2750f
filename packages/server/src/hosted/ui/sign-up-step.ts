// Sign-up: email, name and a new password, with the password rules stated up front.
import { html, safeUrl } from '../../util/html.ts';
import { errorAlert, inputField, postForm, submitButton } from './components.ts';
import { layout, type PageBase } from './layout.ts';

type SignUpField = 'email' | 'given_name' | 'family_name' | 'password';

export interface SignUpStepProps extends PageBase {
  action: string;
  csrf: string;
  email?: string;
  givenName?: string;
  familyName?: string;
  error?: string;
  /** Which input the error is about (default: email). */
  errorField?: SignUpField;
  signInHref: string;
  /** The password rules in words ("At least 12 characters."). */
  passwordHint: string;
  passwordMinLength?: number;
}

export function signUpStep(p: SignUpStepProps): string {
  const errorField = p.error ? (p.errorField ?? 'email') : undefined;
  // The cursor starts where there is something to fix, else at the top.
  const state = (field: SignUpField) => ({
    invalid: errorField === field,
    autofocus: (errorField ?? 'email') === field,
  });
  const email = inputField({
    id: 'email',
    name: 'email',
    label: 'Email address',
    type: 'email',
    autocomplete: 'email',
    value: p.email,
    required: true,
    ...state('email'),
  });
  const givenName = inputField({
    id: 'given_name',
    name: 'given_name',
    label: 'First name',
    type: 'text',
    autocomplete: 'given-name',
    value: p.givenName,
    ...state('given_name'),
  });
  const familyName = inputField({
    id: 'family_name',
    name: 'family_name',
    label: 'Last name',
    type: 'text',
    autocomplete: 'family-name',
    value: p.familyName,
    ...state('family_name'),
  });
  const password = inputField({
    id: 'password',
    name: 'password',
    label: 'Password',
    type: 'password',
    autocomplete: 'new-password',
    required: true,
    minlength: p.passwordMinLength ?? 8,
    hint: p.passwordHint,
    ...state('password'),
  });
  const fields = html`${email}
    <div class="field-row">${givenName}${familyName}</div>
    ${password}${submitButton('Create account')}`;
  const body = html`<p class="lead">to continue to ${p.appName}</p>
    ${errorAlert(p.error)}${postForm(p.action, p.csrf, fields)}
    <p class="footnote">Already have an account? <a href="${safeUrl(p.signInHref)}">Sign in</a></p>`;
  return layout({ ...p, title: 'Create your account', body });
}
