// The cookie that binds an OIDC login to the browser that started it: the relying party's
// browserBinding, HttpOnly and scoped to /sso/oidc so only the callback ever receives it. SameSite=Lax
// is enough and needed: the IdP sends the browser back with a top-level GET, which carries Lax
// cookies, while a cross-site POST or an embedded request does not.
//
// One cookie per login, named after a short hash of the login's `state`
// (`gatehouse_oidc_binding_<hash>`): the callback finds its own from the state it carries, so
// several OIDC logins can be pending in one browser (two tabs) without one overwriting the other's
// binding. The name is only a lookup key — the binding value is the secret the relying party checks,
// and a cookie of another login never matches. Each expires after fifteen minutes and is cleared
// when its callback is answered, so a browser holds only as many as it started in that time.
import { createHash } from 'node:crypto';
import type { AnyRequest } from '../http/respond.ts';
import { OIDC_PATH } from '../connections/connection-urls.ts';

const PREFIX = 'gatehouse_oidc_binding_';
const VALUE = /^[A-Za-z0-9_-]{16,128}$/;
const PATH = OIDC_PATH.replace(/\/$/, '');
// Long enough for a person to sign in at their IdP; the stored login expires on its own anyway.
const MAX_AGE_SECONDS = 15 * 60;

/** The cookie name of the login that sent `state` to the IdP: 72 bits of its SHA-256, base64url. */
export function oidcBindingCookieName(state: string): string {
  return `${PREFIX}${createHash('sha256').update(state).digest('base64url').slice(0, 12)}`;
}

export function oidcBindingCookie(publicUrl: string, state: string, binding: string): string {
  return `${oidcBindingCookieName(state)}=${binding}; Path=${PATH}; HttpOnly; SameSite=Lax; Max-Age=${MAX_AGE_SECONDS}${secure(publicUrl)}`;
}

/** Forgets the binding of the login `state` names once its callback was answered, accepted or not. */
export function clearedOidcBindingCookie(publicUrl: string, state: string): string {
  return `${oidcBindingCookieName(state)}=; Path=${PATH}; HttpOnly; SameSite=Lax; Max-Age=0${secure(publicUrl)}`;
}

/** The binding this browser carries for the login `state` names; '' when none (no stored login matches ''). */
export function readOidcBinding(req: AnyRequest, state: string): string {
  const name = oidcBindingCookieName(state);
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    if (VALUE.test(value)) return value;
  }
  return '';
}

/** The `state` of a callback's query, as the relying party reads it (the first one; it refuses several). */
export function callbackState(search: string): string {
  return new URLSearchParams(search).get('state') ?? '';
}

const secure = (publicUrl: string) => (publicUrl.startsWith('https://') ? '; Secure' : '');
