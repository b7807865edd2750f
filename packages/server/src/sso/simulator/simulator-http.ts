// What every simulator page shares: the per-browser cookie its CSRF tokens are bound to
// (SameSite=Lax, so a cross-site POST never carries it), the CSRF key, and how pages are sent.
// Both forms (answering an AuthnRequest, and an IdP-initiated login) follow the same rules.
import type { AppContext } from '../../app-context.ts';
import { registeredAppUris } from '../../clients/registered-uris.ts';
import { csrfValid, newBrowserBinding } from '../../hosted/csrf.ts';
import { FormBodyError, readFormBody } from '../../hosted/form-body.ts';
import { hostedPageHeaders, newNonce } from '../../hosted/security-headers.ts';
import { messagePage } from '../../hosted/ui/message-page.ts';
import type { AnyRequest, AnyResponse } from '../../http/respond.ts';
import { SIMULATOR_PATH } from './simulator-metadata.ts';

export const APP_NAME = 'Gatehouse IdP simulator';
const COOKIE = 'gh_idp_simulator';
const COOKIE_VALUE = /^[A-Za-z0-9_-]{43}$/;

export const csrfKey = (ctx: AppContext): Buffer => ctx.box.derive('idp-simulator-csrf');

function browserCookie(req: AnyRequest): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, value] = part.trim().split('=');
    if (name === COOKIE && value && COOKIE_VALUE.test(value)) return value;
  }
  return undefined;
}

/** This browser's binding, set as the cookie (anew when it has none) before a form is shown. */
export function ensureBrowserCookie(ctx: AppContext, req: AnyRequest, res: AnyResponse): string {
  const browser = browserCookie(req) ?? newBrowserBinding();
  res.setHeader('set-cookie', cookieHeader(ctx, browser));
  return browser;
}

/**
 * A posted simulator form and the browser's binding, when its CSRF token is the one for
 * `bindingOf(browser, fields)`; otherwise the refusal has been sent and the result is undefined.
 */
export async function readCheckedForm(
  ctx: AppContext,
  req: AnyRequest,
  res: AnyResponse,
  bindingOf: (browser: string, fields: Record<string, string>) => string,
  startAgain: string,
): Promise<{ fields: Record<string, string>; browser: string } | undefined> {
  const fields = await readSimulatorBody(req, res);
  return fields && checkCsrf(ctx, req, res, fields, bindingOf, startAgain);
}

/** A posted form's fields; undefined when the body was refused (and the refusal sent). */
export async function readSimulatorBody(
  req: AnyRequest,
  res: AnyResponse,
): Promise<Record<string, string> | undefined> {
  try {
    return await readFormBody(req);
  } catch (error) {
    if (!(error instanceof FormBodyError)) throw error;
    render(res, error.status, 'Request refused', error.message);
    return undefined;
  }
}

/** readCheckedForm for fields already read. */
export function checkCsrf(
  ctx: AppContext,
  req: AnyRequest,
  res: AnyResponse,
  fields: Record<string, string>,
  bindingOf: (browser: string, fields: Record<string, string>) => string,
  startAgain: string,
): { fields: Record<string, string>; browser: string } | undefined {
  const browser = browserCookie(req);
  if (!browser || !csrfValid(csrfKey(ctx), bindingOf(browser, fields), fields.csrf)) {
    render(res, 403, 'Form expired', `This form has expired. ${startAgain}`);
    return undefined;
  }
  return { fields, browser };
}

function cookieHeader(ctx: AppContext, value: string): string {
  const secure = ctx.config.publicUrl.startsWith('https://') ? '; Secure' : '';
  return `${COOKIE}=${value}; Path=${SIMULATOR_PATH}; HttpOnly; SameSite=Lax; Max-Age=3600${secure}`;
}

/**
 * The auto-posting page's headers. Chrome applies form-action to every redirect after the POST: from
 * the ACS the browser goes on to the application (its callback, or the IdP-initiated entry point),
 * so the applications' registered origins are allowed besides the ACS.
 */
export async function autoPostHeaders(
  ctx: AppContext,
  nonce: string,
  acsUrl: string,
): Promise<Record<string, string>> {
  const formActionOrigins = [acsUrl, ...(await registeredAppUris(ctx.db))];
  return hostedPageHeaders(nonce, { script: true, formActionOrigins });
}

export function render(res: AnyResponse, status: number, title: string, message: string): void {
  const nonce = newNonce();
  send(res, status, messagePage({ nonce, appName: APP_NAME, title, message }), hostedPageHeaders(nonce));
}

export function send(res: AnyResponse, status: number, page: string, headers: Record<string, string>): void {
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(page)) });
  res.end(page);
}
