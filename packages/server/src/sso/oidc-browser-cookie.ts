// The cookie that binds an OIDC login to the browser that started it: the relying party's
// browserBinding, HttpOnly and scoped to /sso/oidc so only the callback ever receives it. SameSite=Lax
// is enough and needed: the IdP sends the browser back with a top-level GET, which carries Lax
// cookies, while a cross-site POST or an embedded request does not.
import type { AnyRequest } from '../http/respond.ts';
import { OIDC_PATH } from '../connections/connection-urls.ts';

const COOKIE = 'gatehouse_oidc_binding';
const VALUE = /^[A-Za-z0-9_-]{16,128}$/;
const PATH = OIDC_PATH.replace(/\/$/, '');
// Long enough for a person to sign in at their IdP; the stored login expires on its own anyway.
const MAX_AGE_SECONDS = 15 * 60;

export function oidcBindingCookie(publicUrl: string, binding: string): string {
  return `${COOKIE}=${binding}; Path=${PATH}; HttpOnly; SameSite=Lax; Max-Age=${MAX_AGE_SECONDS}${secure(publicUrl)}`;
}

/** Forgets the binding once its callback was answered, accepted or not. */
export function clearedOidcBindingCookie(publicUrl: string): string {
  return `${COOKIE}=; Path=${PATH}; HttpOnly; SameSite=Lax; Max-Age=0${secure(publicUrl)}`;
}

/** The binding this browser carries; '' when it has none (which no stored login matches). */
export function readOidcBinding(req: AnyRequest): string {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    if (VALUE.test(value)) return value;
  }
  return '';
}

const secure = (publicUrl: string) => (publicUrl.startsWith('https://') ? '; Secure' : '');
