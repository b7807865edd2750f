// Choosing a new password from a reset link. The token travels in a hidden field, never in a
// query string that could leak through logs or the Referer header.
import { html } from '../../util/html.ts';
import { errorAlert, inputField, postForm, submitButton, usernameField } from './components.ts';
import { layout, type PageBase } from './layout.ts';

export interface ResetStepProps extends PageBase {
  action: string;
  csrf: string;
  token: string;
  error?: string;
  /** The account's email, so password managers store the new password under it. */
  email?: string;
  passwordHint?: string;
  passwordMinLength?: number;
}

export function resetStep(p: ResetStepProps): string {
  const password = inputField({
    id: 'password',
    name: 'password',
    label: 'New password',
    type: 'password',
    autocomplete: 'new-password',
    required: true,
    autofocus: true,
    minlength: p.passwordMinLength ?? 8,
    hint: p.passwordHint,
    invalid: Boolean(p.error),
  });
  const fields = html`<input type="hidden" name="token" value="${p.token}" />
    ${p.email ? usernameField(p.email) : ''}${password}${submitButton('Save password')}`;
  const body = html`<p class="lead">
      ${p.email ? html`For <strong>${p.email}</strong>.` : 'Choose a password you do not use anywhere else.'}
    </p>
    ${errorAlert(p.error)}${postForm(p.action, p.csrf, fields)}`;
  return layout({ ...p, title: 'Choose a new password', body });
}
