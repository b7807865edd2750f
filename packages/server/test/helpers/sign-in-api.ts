// Calling AuthService as a hosted login page's script would: from the sign-in page's own origin,
// with the cookies a browser sends to /api (the provider's `_interaction` cookies are scoped to the
// interaction's paths, so they stay behind), JSON in and out. The sign-in itself is started and
// driven through the pages with Browserish (helpers/login.ts).
import { expect } from 'vitest';
import type { TestServer } from '../harness.ts';
import { CALLBACK } from './app-login.ts';
import { action, Browserish, field } from './login.ts';
import type { RestResponse } from './rest.ts';

export interface SignInStart {
  browser: Browserish;
  uid: string;
  /** The first page of the sign-in (the email step). */
  html: string;
}

export function authorizeUrl(
  server: Pick<TestServer, 'clientId'>,
  params: Record<string, string> = {},
): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: server.clientId,
    redirect_uri: CALLBACK,
    scope: 'openid profile email',
    state: 'state-1',
    ...params,
  });
  return `/oauth/authorize?${query}`;
}

/** Opens the application's authorization in a new browser, up to the hosted sign-in page. */
export async function startSignIn(
  server: TestServer,
  params: Record<string, string> = {},
  browser = new Browserish(server.url),
): Promise<SignInStart> {
  const start = await browser.follow(await browser.get(authorizeUrl(server, params)));
  expect(start.res.status).toBe(200);
  const html = await start.res.text();
  const uid = /\/interaction\/([A-Za-z0-9_-]+)\//.exec(action(html, 'email'))?.[1];
  if (!uid) throw new Error('no interaction on the sign-in page');
  return { browser, uid, html };
}

/** The browser's cookies as it sends them to /api/…: every cookie but the provider's path-scoped ones. */
export function apiCookies(browser: Browserish): string {
  return browser.jar
    .header()
    .split('; ')
    .filter((pair) => pair !== '' && !pair.startsWith('_interaction'))
    .join('; ');
}

export interface AuthCallOptions {
  /** Headers to add or (null) to leave out: cookie, origin, content-type. */
  headers?: Record<string, string | null>;
  /** Raw body instead of JSON. */
  raw?: string;
}

/** One AuthService REST call from the page's script; Set-Cookie answers land in the browser's jar. */
export async function authCall(
  server: TestServer,
  browser: Browserish | undefined,
  method: string,
  path: string,
  json?: unknown,
  options: AuthCallOptions = {},
): Promise<RestResponse> {
  const headers: Record<string, string | null> = {
    cookie: browser ? apiCookies(browser) : null,
    origin: new URL(server.url).origin,
    'content-type': method === 'GET' ? null : 'application/json',
    ...options.headers,
  };
  const sent = Object.fromEntries(
    Object.entries(headers).filter((e): e is [string, string] => e[1] !== null && e[1] !== ''),
  );
  const body = method === 'GET' ? undefined : (options.raw ?? JSON.stringify(json ?? {}));
  const res = await fetch(`${server.url}${path}`, { method, headers: sent, body });
  browser?.jar.take(res);
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

/** The AuthService routes of the contract. */
export const AUTH = {
  features: '/api/v1/auth:features',
  customizations: '/api/v1/auth:customizations',
  state: '/api/v1/auth/state',
  discovery: '/api/v1/auth:discovery',
  verify: '/api/v1/auth/passwordless:verify',
  resend: '/api/v1/auth/passwordless:resend',
  organizations: '/api/v1/auth:organizations',
  signup: '/api/v1/auth:signup',
  logout: '/api/v1/auth/logout',
} as const;

/** Posts one of the hosted page's forms (with its CSRF token) from the page the browser shows. */
export async function postStep(
  browser: Browserish,
  html: string,
  step: string,
  fields: Record<string, string> = {},
) {
  return browser.post(action(html, step), { csrf: field(html, 'csrf'), ...fields });
}

/** Posts a step of the sign-in directly, with the CSRF token of any of its pages. */
export async function postTo(
  browser: Browserish,
  uid: string,
  html: string,
  step: string,
  fields: Record<string, string> = {},
) {
  return browser.post(`/interaction/${uid}/${step}`, { csrf: field(html, 'csrf'), ...fields });
}

/** The authorization code the application receives once the browser resumes the finished sign-in. */
export async function resumeToCallback(browser: Browserish, uid: string): Promise<URL> {
  const done = await browser.follow(await browser.get(`/oauth/authorize/${uid}`));
  if (!done.external) throw new Error(`the sign-in did not return to the application (${done.res.status})`);
  expect(`${done.external.origin}${done.external.pathname}`).toBe(CALLBACK);
  return done.external;
}

/** Exchanges a code for the application's tokens (client_secret_post). */
export async function exchangeCode(
  server: TestServer,
  callback: URL,
): Promise<{ access_token: string; id_token: string }> {
  const res = await fetch(`${server.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: callback.searchParams.get('code') ?? '',
      redirect_uri: CALLBACK,
      client_id: server.clientId,
      client_secret: server.clientSecret,
    }).toString(),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { access_token: string; id_token: string };
}
