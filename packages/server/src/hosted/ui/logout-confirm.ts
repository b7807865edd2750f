// "Sign out?" — the confirmation asked before ending a session on a request the user may not have
// made (RP-initiated logout without a valid id_token_hint). Shaped for oidc-provider's confirm
// endpoint: the anti-forgery field (its name is "xsrf" there) and logout=yes on the sign-out button;
// the other button posts without it. With `autoSubmit` (the application proved the request with an
// ID token of this very session) a nonce'd script presses "Sign out" at once, as Scalekit's logout
// URL does; without script the page still works with one click.
import { html } from '../../util/html.ts';
import { postForm, submitButton } from './components.ts';
import { layout, type PageBase } from './layout.ts';

export interface LogoutConfirmProps extends PageBase {
  action: string;
  csrf: string;
  /** Name of the hidden anti-forgery field (default "csrf"; oidc-provider wants "xsrf"). */
  xsrfFieldName?: string;
  /** Press "Sign out" on load (the page's headers must then allow its nonce'd script). */
  autoSubmit?: boolean;
}

export function logoutConfirm(p: LogoutConfirmProps): string {
  const buttons = html`<div class="stack">
    ${submitButton('Sign out', 'primary', { name: 'logout', value: 'yes' })}
    ${submitButton('Stay signed in', 'secondary')}
  </div>`;
  const body = html`<p class="message">Do you want to sign out of ${p.appName}?</p>
    ${postForm(p.action, p.csrf, buttons, { csrfFieldName: p.xsrfFieldName })}
    ${
      p.autoSubmit
        ? html`<script nonce="${p.nonce}">
            document.querySelector('button[name="logout"]').click();
          </script>`
        : ''
    }`;
  return layout({ ...p, title: 'Sign out?', body });
}
