// The hosted forms submitted by a real browser to a server that uses the real pieces: the pages,
// their headers, readFormBody and the CSRF tokens bound to a per-browser cookie. Also the reason
// form-action lists the client's origins: Chrome blocks a redirect after a form POST to any origin
// the policy does not name.
import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfBinding, csrfToken, csrfValid, deriveKey, newBrowserBinding } from '../src/hosted/csrf.ts';
import { FormBodyError, readFormBody } from '../src/hosted/form-body.ts';
import * as ui from '../src/hosted/ui/index.ts';
import { allProblems, newWatchedPage, useBrowser } from './helpers/browser.ts';
import { sendHostedPage, startSmallServer, type SmallServer } from './helpers/page-server.ts';

const KEY = deriveKey(randomBytes(32), 'csrf');
const INTERACTION = 'int_123';
const COOKIE = 'gh_browser';
const APP = 'Acme Cloud';

const handle = useBrowser();
let site: SmallServer; // the login pages, on 127.0.0.1
let app: SmallServer; // the application the user returns to, on localhost: another origin
const received: { path: string; fields: Record<string, string>; csrfOk: boolean }[] = [];

function browserCookie(req: http.IncomingMessage): string | undefined {
  return /(?:^|;\s*)gh_browser=([A-Za-z0-9_-]{43})/.exec(req.headers.cookie ?? '')?.[1];
}

async function handleSite(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', site.url);
  if (req.method === 'POST') {
    let fields: Record<string, string>;
    try {
      fields = await readFormBody(req);
    } catch (error) {
      if (!(error instanceof FormBodyError)) throw error;
      res.writeHead(error.status).end(error.message);
      return;
    }
    const cookie = browserCookie(req);
    const csrfOk = cookie !== undefined && csrfValid(KEY, csrfBinding(INTERACTION, cookie), fields.csrf);
    received.push({ path: url.pathname, fields: { ...fields }, csrfOk });
    if (!csrfOk) {
      res.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden');
    } else if (url.pathname === '/submit/away') {
      res.writeHead(303, { location: `${app.url}/callback?code=xyz` }).end();
    } else {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`accepted ${url.pathname}`);
    }
    return;
  }
  // Every page view: the browser gets its binding cookie once, and the form a token bound to it.
  const cookie = browserCookie(req) ?? newBrowserBinding();
  const csrf = csrfToken(KEY, csrfBinding(INTERACTION, cookie));
  const headers = { 'set-cookie': `${COOKIE}=${cookie}; Path=/; HttpOnly; SameSite=Lax` };
  const base = { appName: APP, csrf };
  const allowApp = url.searchParams.get('allow') === '1';
  const pages: Record<string, (nonce: string) => string> = {
    '/email': (nonce) => ui.emailStep({ ...base, nonce, action: '/submit/email' }),
    '/password': (nonce) =>
      ui.passwordStep({
        ...base,
        nonce,
        action: '/submit/password',
        email: 'ada@example.com',
        forgotHref: '/forgot',
        otpAction: '/submit/otp-send',
        magicLinkAction: '/submit/link-send',
        changeEmailHref: '/email',
      }),
    '/organization': (nonce) =>
      ui.organizationStep({
        ...base,
        nonce,
        action: '/submit/organization',
        organizations: [
          { id: 'org_1', name: 'Initech' },
          { id: 'org_2', name: 'Globex' },
        ],
      }),
    '/leave': (nonce) => ui.logoutConfirm({ ...base, nonce, action: '/submit/away' }),
  };
  const render = pages[url.pathname];
  if (url.pathname === '/favicon.ico') {
    // Asked for after the plain-text answers (the hosted pages carry their own empty icon).
    res.writeHead(204).end();
    return;
  }
  if (!render) {
    res.writeHead(404).end();
    return;
  }
  sendHostedPage(res, render, { headers, formActionOrigins: allowApp ? [`${app.url}/callback`] : [] });
}

beforeAll(async () => {
  site = await startSmallServer(handleSite);
  app = await startSmallServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('back in the app');
  }, 'localhost');
  expect(new URL(app.url).origin).not.toBe(new URL(site.url).origin);
});
afterAll(async () => {
  await site?.close();
  await app?.close();
});

const last = () => received[received.length - 1];

describe('hosted forms in a real browser', () => {
  it('posts the email with a CSRF token that the server accepts', async () => {
    const { page, problems, close } = await newWatchedPage(handle.browser);
    await page.goto(`${site.url}/email`);
    await page.getByLabel('Email address').fill('ada@example.com');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL('**/submit/email');
    expect(await page.textContent('body')).toBe('accepted /submit/email');
    expect(last()).toMatchObject({ path: '/submit/email', csrfOk: true });
    expect(Object.keys(last()!.fields).sort()).toEqual(['csrf', 'email']);
    expect(last()!.fields.email).toBe('ada@example.com');
    expect(allProblems(problems)).toEqual([]);
    await close();
  });

  it('refuses a token taken from another browser (its cookie differs)', async () => {
    const victim = await newWatchedPage(handle.browser);
    await victim.page.goto(`${site.url}/email`);
    const stolen = await victim.page.locator('input[name=csrf]').inputValue();
    const attacker = await newWatchedPage(handle.browser);
    await attacker.page.goto(`${site.url}/email`);
    expect(await attacker.page.locator('input[name=csrf]').inputValue()).not.toBe(stolen);
    await attacker.page.locator('input[name=csrf]').evaluate((el, token) => {
      (el as HTMLInputElement).value = token;
    }, stolen);
    await attacker.page.getByLabel('Email address').fill('ada@example.com');
    await attacker.page.getByRole('button', { name: 'Continue' }).click();
    await attacker.page.waitForURL('**/submit/email');
    expect(await attacker.page.textContent('body')).toBe('forbidden');
    expect(last()).toMatchObject({ path: '/submit/email', csrfOk: false });
    await victim.close();
    await attacker.close();
  });

  it('password step: the password form sends the username; a passwordless button sends only the token', async () => {
    const { page, problems, close } = await newWatchedPage(handle.browser);
    await page.goto(`${site.url}/password`);
    await page.getByLabel('Password', { exact: true }).fill('correct horse');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL('**/submit/password');
    expect(last()).toMatchObject({
      csrfOk: true,
      fields: { email: 'ada@example.com', password: 'correct horse' },
    });
    await page.goto(`${site.url}/password`);
    await page.getByRole('button', { name: 'Email me a one-time code' }).click();
    await page.waitForURL('**/submit/otp-send');
    expect(last()).toMatchObject({ path: '/submit/otp-send', csrfOk: true });
    expect(Object.keys(last()!.fields)).toEqual(['csrf']);
    expect(allProblems(problems)).toEqual([]);
    await close();
  });

  it('organization step: the chosen button posts its organization id', async () => {
    const { page, close } = await newWatchedPage(handle.browser);
    await page.goto(`${site.url}/organization`);
    await page.getByRole('button', { name: 'Globex' }).click();
    await page.waitForURL('**/submit/organization');
    expect(last()).toMatchObject({ csrfOk: true, fields: { organization_id: 'org_2' } });
    expect(Object.keys(last()!.fields).sort()).toEqual(['csrf', 'organization_id']);
    await close();
  });

  it('follows a redirect to the application after a POST only when form-action names its origin', async () => {
    const allowed = await newWatchedPage(handle.browser);
    await allowed.page.goto(`${site.url}/leave?allow=1`);
    await allowed.page.getByRole('button', { name: 'Sign out' }).click();
    await allowed.page.waitForURL(`${app.url}/callback?code=xyz`);
    expect(await allowed.page.textContent('body')).toBe('back in the app');
    expect(last()).toMatchObject({ path: '/submit/away', fields: { logout: 'yes' } });
    expect(allProblems(allowed.problems)).toEqual([]);
    await allowed.close();

    const blocked = await newWatchedPage(handle.browser);
    await blocked.page.goto(`${site.url}/leave`);
    await blocked.page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => blocked.problems.cspViolations.join('\n')).toContain('form-action');
    expect(blocked.page.url()).not.toContain(app.url);
    await blocked.close();
  });
});
