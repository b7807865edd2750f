// Sign-in for an account (or an environment) without passwords: the passwordless methods only.
import { html } from '../../util/html.ts';
import { errorAlert, identity, passwordlessForms } from './components.ts';
import { layout, type PageBase } from './layout.ts';

export interface MethodsStepProps extends PageBase {
  csrf: string;
  email: string;
  error?: string;
  otpAction?: string;
  magicLinkAction?: string;
  changeEmailHref?: string;
}

export function methodsStep(p: MethodsStepProps): string {
  const forms = passwordlessForms(p);
  const choices =
    forms.length > 0
      ? html`<p class="lead">We will email you a way to sign in.</p>
          <div class="stack">${forms}</div>`
      : html`<p class="message">
          No sign-in method is available for this account. Contact your administrator.
        </p>`;
  const body = html`${identity(p.email, p.changeEmailHref)}${errorAlert(p.error)}${choices}`;
  return layout({ ...p, title: 'Choose how to sign in', body });
}
