// After a sign-in link was emailed: where to look, and a way to get a new one.
import { html, safeUrl } from '../../util/html.ts';
import { postForm, submitButton } from './components.ts';
import { layout, type PageBase } from './layout.ts';

export interface LinkSentStepProps extends PageBase {
  email: string;
  csrf: string;
  /** POST here to send a new link. */
  resendAction: string;
  /** A page to type the code from the same email instead, when the email has one. */
  otpHref?: string;
  /** How long the link works, in minutes, when known. */
  expiresInMinutes?: number;
}

export function linkSentStep(p: LinkSentStepProps): string {
  const expiry = p.expiresInMinutes ? html` It works once, within ${p.expiresInMinutes} minutes.` : '';
  const code = p.otpHref
    ? html`<a class="button button-secondary" href="${safeUrl(p.otpHref)}">Enter a code instead</a>`
    : '';
  const body = html`<p class="message">
      We sent a sign-in link to <strong>${p.email}</strong>. Open the link in that email to continue.${expiry}
    </p>
    ${code}
    <div class="after">${postForm(p.resendAction, p.csrf, submitButton('Send a new link', 'link'))}</div>`;
  return layout({ ...p, title: 'Check your email', body });
}
