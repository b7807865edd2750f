// The pieces the hosted pages are made of. Accessibility is built in here, once: every input has a
// <label for>, hints and the page's error are tied to inputs with aria-describedby, and the error
// region is role="alert" so screen readers announce it.
import { CSRF_FIELD } from '../csrf.ts';
import { html, raw, safeUrl, type SafeHtml } from '../../util/html.ts';

/** The id of the page's error region; inputs it is about point at it. */
export const ERROR_ID = 'form-error';

export function errorAlert(message: string | undefined): SafeHtml | '' {
  return message ? html`<div class="alert" role="alert" id="${ERROR_ID}">${message}</div>` : '';
}

export function notice(message: string | undefined): SafeHtml | '' {
  return message ? html`<div class="notice" role="status">${message}</div>` : '';
}

export interface PostFormOptions {
  /** Field name of the anti-forgery token; oidc-provider's own logout form expects "xsrf". */
  csrfFieldName?: string;
  /** Accessible name when a page has several forms. */
  label?: string;
}

/** A POST form with its hidden anti-forgery field. */
export function postForm(
  action: string,
  csrf: string,
  body: SafeHtml,
  options: PostFormOptions = {},
): SafeHtml {
  const name = options.csrfFieldName ?? CSRF_FIELD;
  const label = options.label ? html` aria-label="${options.label}"` : '';
  return html`<form method="post" action="${safeUrl(action)}" ${label}>
    <input type="hidden" name="${name}" value="${csrf}" />
    ${body}
  </form>`;
}

export type ButtonVariant = 'primary' | 'secondary' | 'link';

export function submitButton(
  text: string,
  variant: ButtonVariant = 'primary',
  value?: { name: string; value: string },
): SafeHtml {
  const named = value ? html` name="${value.name}" value="${value.value}"` : '';
  return html`<button type="submit" class="button button-${variant}" ${named}>${text}</button>`;
}

export function linkButton(href: string, text: string): SafeHtml {
  return html`<a class="button button-secondary" href="${safeUrl(href)}">${text}</a>`;
}

export interface InputProps {
  id: string;
  name: string;
  label: string;
  type: 'email' | 'password' | 'text';
  autocomplete: string;
  value?: string;
  required?: boolean;
  autofocus?: boolean;
  /** Help shown under the input and read with it. */
  hint?: string;
  /** The page's error is about this input: aria-invalid, and described by the error region. */
  invalid?: boolean;
  /** Markup at the end of the label row (a "Forgot password?" link). */
  labelAside?: SafeHtml;
  className?: string;
  inputmode?: 'numeric' | 'email' | 'text';
  pattern?: string;
  minlength?: number;
  maxlength?: number;
}

export function inputField(p: InputProps): SafeHtml {
  const hintId = `${p.id}-hint`;
  const describedBy = [p.hint ? hintId : '', p.invalid ? ERROR_ID : ''].filter(Boolean).join(' ');
  const attributes = [
    p.value !== undefined ? html` value="${p.value}"` : '',
    p.className ? html` class="${p.className}"` : '',
    p.inputmode ? html` inputmode="${p.inputmode}"` : '',
    p.pattern ? html` pattern="${p.pattern}"` : '',
    p.minlength !== undefined ? html` minlength="${p.minlength}"` : '',
    p.maxlength !== undefined ? html` maxlength="${p.maxlength}"` : '',
    describedBy ? html` aria-describedby="${describedBy}"` : '',
    p.invalid ? raw(' aria-invalid="true"') : '',
    p.required ? raw(' required') : '',
    p.autofocus ? raw(' autofocus') : '',
  ];
  const label = html`<label for="${p.id}">${p.label}</label>`;
  return html`<div class="field">
    ${p.labelAside ? html`<div class="label-row">${label}${p.labelAside}</div>` : label}
    <input id="${p.id}" name="${p.name}" type="${p.type}" autocomplete="${p.autocomplete}" ${attributes} />
    ${p.hint ? html`<p class="hint" id="${hintId}">${p.hint}</p>` : ''}
  </div>`;
}

/** The email the user is signing in as, and a way to change it. */
export function identity(email: string, changeHref?: string): SafeHtml {
  const change = changeHref
    ? html`<a href="${safeUrl(changeHref)}" aria-label="Change email">Change</a>`
    : '';
  return html`<div class="identity">
    <span class="identity-email" title="${email}">${email}</span>${change}
  </div>`;
}

/**
 * Inside a password form: the account the password belongs to, hidden, so password managers pair
 * the password typed (or generated) on this page with the right username.
 */
export function usernameField(email: string): SafeHtml {
  return html`<input type="email" name="email" value="${email}" autocomplete="username" hidden readonly />`;
}

export function divider(text: string): SafeHtml {
  return html`<div class="divider">${text}</div>`;
}

export interface PasswordlessActions {
  csrf: string;
  /** POST here to be emailed a one-time code. */
  otpAction?: string;
  /** POST here to be emailed a sign-in link. */
  magicLinkAction?: string;
}

/** One small form per passwordless method (forms cannot nest, so each is its own). */
export function passwordlessForms({ csrf, otpAction, magicLinkAction }: PasswordlessActions): SafeHtml[] {
  return [
    otpAction ? postForm(otpAction, csrf, submitButton('Email me a one-time code', 'secondary')) : '',
    magicLinkAction
      ? postForm(magicLinkAction, csrf, submitButton('Email me a sign-in link', 'secondary'))
      : '',
  ].filter((form): form is SafeHtml => form !== '');
}
