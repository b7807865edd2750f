// Entering the six-digit code sent by email. autocomplete="one-time-code" lets phones and browsers
// offer the code from the message.
import { html, safeUrl } from '../../util/html.ts';
import { errorAlert, inputField, postForm, submitButton } from './components.ts';
import { layout, type PageBase } from './layout.ts';

export interface OtpStepProps extends PageBase {
  action: string;
  csrf: string;
  email: string;
  error?: string;
  /** POST here to send a new code. */
  resendAction: string;
  changeEmailHref?: string;
}

export function otpStep(p: OtpStepProps): string {
  const code = inputField({
    id: 'code',
    name: 'code',
    label: 'One-time code',
    type: 'text',
    autocomplete: 'one-time-code',
    inputmode: 'numeric',
    pattern: '[0-9]{6}',
    maxlength: 6,
    className: 'code',
    required: true,
    autofocus: true,
    invalid: Boolean(p.error),
  });
  const change = p.changeEmailHref
    ? html`<p class="footnote"><a href="${safeUrl(p.changeEmailHref)}">Use a different email</a></p>`
    : '';
  const body = html`<p class="lead">We sent a 6-digit code to <strong>${p.email}</strong>.</p>
    ${errorAlert(p.error)}${postForm(p.action, p.csrf, html`${code}${submitButton('Verify')}`)}
    <div class="after">${postForm(p.resendAction, p.csrf, submitButton('Send a new code', 'link'))}</div>
    ${change}`;
  return layout({ ...p, title: 'Check your email', body });
}
