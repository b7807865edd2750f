// The hosted login end to end in Chromium: a small application on its own origin sends the browser
// to Gatehouse, a person signs up, signs in (password, one-time code, magic link), resets a
// forgotten password, picks an organization and signs out, and the application receives the code
// and exchanges it (openid-client). Mail goes through a real SMTP receiver and is read as a person
// would. Every page is watched: no console error, no exception, no CSP violation; forms are used
// with the keyboard; autocomplete is right; the session cookies are HttpOnly and SameSite=Lax.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { person, type Person } from './helpers/app-login.ts';
import { useBrowser } from './helpers/browser.ts';
import {
  alertText,
  atStep,
  autocompleteOf,
  pagesSeen,
  pressEnter,
  typeFocused,
  WatchedPages,
} from './helpers/browser-steps.ts';
import { pick, waitForMail } from './helpers/mail-reader.ts';
import { startRelyingApp, type AppLogin, type RelyingApp } from './helpers/relying-app.ts';
import { describeEachEngine, unique } from './helpers/servers.ts';
import { startSmtpReceiver, type SmtpReceiver } from './helpers/smtp-receiver.ts';
import { getToken, startTestServer, type TestServer } from './harness.ts';

const ACCOUNT_LIMIT = 3;
const STRONG = () => `Violet kettle ${unique()} orbit`;
const SIGN_IN_FAILED = 'The email or password is incorrect.';

const browserHandle = useBrowser();

describeEachEngine('hosted login in a real browser', (engine) => {
  let server: TestServer;
  let token: string;
  let smtp: SmtpReceiver;
  let app: RelyingApp;
  const pages = new WatchedPages();

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    server = await startTestServer(engine, {
      GATEHOUSE_SEED_DEFAULT_ROLES: 'true',
      GATEHOUSE_SMTP_URL: smtp.url(),
      GATEHOUSE_LOGIN_LIMIT_ACCOUNT: String(ACCOUNT_LIMIT),
    });
    token = await getToken(server);
    app = await startRelyingApp(server, token);
  });
  afterAll(async () => {
    await pages.closeAll();
    await app?.close();
    await server?.close();
    await smtp?.close();
  });

  const browse = () => pages.open(browserHandle.browser);
  const expectClean = () => pages.expectClean();

  /** How the Gatehouse session behind a login was started (SessionService's auth method). */
  async function authMethodOf(login: AppLogin): Promise<string> {
    const row = await server.running.ctx.db
      .selectFrom('user_sessions')
      .select(['auth_method', 'user_id'])
      .where('id', '=', login.sid)
      .executeTakeFirstOrThrow();
    expect(row.user_id).toBe(login.sub);
    return row.auth_method;
  }

  /** Back in the application: the login its callback completed for this browser. */
  async function landedInApp(page: Page, email: string): Promise<AppLogin> {
    await page.waitForURL(`${app.callbackUrl}?**`);
    expect(await page.locator('#email').textContent()).toBe(email);
    const login = app.logins.findLast((l) => l.email === email);
    if (!login) throw new Error(`the app saw no login of ${email}`);
    expect(await page.locator('#organization').textContent()).toBe(login.organizationName);
    return login;
  }

  /** From the app's sign-in link to the password step. */
  async function toPassword(page: Page, email: string, params: Record<string, string> = {}): Promise<void> {
    await page.goto(app.loginUrl(params));
    await atStep(page, 'Sign in');
    expect(await autocompleteOf(page, 'email')).toBe('email');
    await typeFocused(page, 'email', email);
    expect((await pressEnter(page)).status()).toBe(200);
    await atStep(page, 'Enter your password');
    expect(await autocompleteOf(page, 'password')).toBe('current-password');
  }

  async function passwordSignIn(page: Page, who: Person, params: Record<string, string> = {}): Promise<void> {
    await toPassword(page, who.email, params);
    await typeFocused(page, 'password', who.password);
    await pressEnter(page);
  }

  /**
   * Gatehouse's cookies in this browser, of every path (the interaction's are under /interaction/…):
   * `name` is among them, and all are HttpOnly and SameSite=Lax.
   */
  async function expectCookies(page: Page, name: string): Promise<void> {
    const host = new URL(server.url).hostname;
    const cookies = (await page.context().cookies()).filter((c) => c.domain === host);
    expect(cookies.map((c) => c.name)).toContain(name);
    for (const cookie of cookies) {
      expect({ name: cookie.name, httpOnly: cookie.httpOnly, sameSite: cookie.sameSite }).toEqual({
        name: cookie.name,
        httpOnly: true,
        sameSite: 'Lax',
      });
    }
  }

  it('signs up: weak password refused, code from the mail, new organization, signed in as its admin', async () => {
    const page = await browse();
    const email = `new-${unique()}@example.com`;
    await page.goto(app.loginUrl());
    await atStep(page, 'Sign in');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await atStep(page, 'Create your account');
    expect(await autocompleteOf(page, 'password')).toBe('new-password');
    await typeFocused(page, 'email', email);
    await page.getByLabel('First name').fill('Ada');
    await page.getByLabel('Last name').fill('Lovelace');
    await page.getByLabel('Password', { exact: true }).focus();
    await page.keyboard.type('password');
    const weak = await pressEnter(page);
    expect(weak.status()).toBe(400);
    expect(await alertText(page)).toBe(
      'This password is one of the most commonly used ones. Choose one that is harder to guess.',
    );
    expect(await page.getByLabel('Email address').inputValue()).toBe(email);
    expect(smtp.received.some((m) => m.to.includes(email))).toBe(false);

    const since = smtp.received.length;
    await typeFocused(page, 'password', STRONG());
    expect((await pressEnter(page)).status()).toBe(200);
    await atStep(page, 'Check your email');
    expect(await autocompleteOf(page, 'code')).toBe('one-time-code');
    const mail = await waitForMail(smtp, email, since);
    expect(mail.subject).toBe('Confirm your email address');
    const code = pick(mail, /code to finish creating your account: (\d{6})/);
    await typeFocused(page, 'code', code);
    await pressEnter(page);
    await atStep(page, 'Create your organization');
    const orgName = `Analytical Engines ${unique()}`;
    await typeFocused(page, 'organization_name', orgName);
    await pressEnter(page);

    const login = await landedInApp(page, email);
    expect(login.organizationName).toBe(orgName);
    expect(login.oid).toMatch(/^org_/);
    expect(login.roles).toContain('admin');
    const user = await server.running.ctx.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', login.sub)
      .executeTakeFirstOrThrow();
    expect(user.email).toBe(email);
    expect(Number(user.email_verified)).toBe(1);
    await expectCookies(page, '_session');
    expectClean();
  });

  it('signs in with a password; a wrong password and an unknown email read the same', async () => {
    const who = await person(server, token, { roles: ['member'] });
    const page = await browse();
    await toPassword(page, who.email);
    await expectCookies(page, '_interaction');
    await typeFocused(page, 'password', 'not the right password');
    const wrong = await pressEnter(page);
    const knownButtons = await page.getByRole('button').allTextContents();
    expect(wrong.status()).toBe(400);
    expect(await alertText(page)).toBe(SIGN_IN_FAILED);

    await toPassword(page, `nobody-${unique()}@example.com`);
    await typeFocused(page, 'password', 'not the right password');
    const unknown = await pressEnter(page);
    expect(unknown.status()).toBe(400);
    expect(await alertText(page)).toBe(SIGN_IN_FAILED);
    // Nothing else on the page tells the two apart either.
    expect(await page.getByRole('button').allTextContents()).toEqual(knownButtons);

    await passwordSignIn(page, who);
    const login = await landedInApp(page, who.email);
    expect(login.sub).toBe(who.userId);
    expect(login.oid).toBe(who.organizationIds[0]);
    expect(login.roles).toEqual(['member']);
    expect(await authMethodOf(login)).toBe('password');
    await expectCookies(page, '_session');
    expectClean();
  });

  it('signs out through /oidc/logout (at once with this session ID token, after a confirmation without); the next sign-in asks for the email again', async () => {
    const who = await person(server, token);
    const page = await browse();
    await passwordSignIn(page, who);
    const login = await landedInApp(page, who.email);
    // Signed in: the app's sign-in link comes straight back without a page.
    await page.goto(app.loginUrl());
    await landedInApp(page, who.email);

    // Without an ID token the request could come from anyone: the person is asked.
    const unproven = new URL(`${server.url}/oidc/logout`);
    unproven.searchParams.set('client_id', server.clientId);
    unproven.searchParams.set('post_logout_redirect_uri', app.afterLogoutUrl);
    await page.goto(unproven.toString());
    await atStep(page, 'Sign out?');
    await page.getByRole('button', { name: 'Stay signed in' }).click();
    await page.waitForURL(app.afterLogoutUrl);
    await page.goto(app.loginUrl());
    await landedInApp(page, who.email);

    // With the ID token of this very session, sign-out needs no click (as Scalekit's logout URL).
    await page.goto(app.logoutUrl(login.idToken));
    await page.waitForURL(app.afterLogoutUrl);
    await atStep(page, 'Signed out of the app');
    const sessions = await server.running.ctx.db
      .selectFrom('user_sessions')
      .select('logout_at')
      .where('user_id', '=', who.userId)
      .execute();
    expect(sessions).toHaveLength(1);
    expect(sessions[0]?.logout_at).toBeTruthy();

    await page.goto(app.loginUrl());
    await atStep(page, 'Sign in');
    expect(await page.getByLabel('Email address').inputValue()).toBe('');
    expectClean();
  });

  it('signs in with a one-time code from the mail: a wrong code is refused, the right one signs in', async () => {
    const who = await person(server, token);
    const page = await browse();
    await toPassword(page, who.email);
    const since = smtp.received.length;
    await page.getByRole('button', { name: 'Email me a one-time code' }).click();
    await atStep(page, 'Check your email');
    const code = pick(await waitForMail(smtp, who.email, since), /code to sign in: (\d{6})/);
    await typeFocused(page, 'code', code === '000000' ? '111111' : '000000');
    const wrong = await pressEnter(page);
    expect(wrong.status()).toBe(400);
    expect(await alertText(page)).toBe('That code is incorrect or has expired.');
    await typeFocused(page, 'code', code);
    await pressEnter(page);
    const login = await landedInApp(page, who.email);
    expect(login.sub).toBe(who.userId);
    expect(await authMethodOf(login)).toBe('otp');
    expectClean();
  });

  it('signs in with the magic link from the mail, in the browser that asked for it only', async () => {
    const who = await person(server, token);
    const page = await browse();
    await toPassword(page, who.email);
    const since = smtp.received.length;
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await atStep(page, 'Check your email');
    const link = pick(await waitForMail(smtp, who.email, since), /open this link to sign in: (\S+)/);

    // Another browser (no interaction cookie) cannot use it, and does not use it up.
    const other = await browse();
    const elsewhere = await other.goto(link);
    expect(elsewhere?.status()).toBe(400);
    await atStep(other, 'This sign-in has expired');

    await page.goto(link);
    const login = await landedInApp(page, who.email);
    expect(login.sub).toBe(who.userId);
    expect(await authMethodOf(login)).toBe('magic_link');
    expectClean();
  });

  it('resets a forgotten password: the new one signs in, the old one and a second use of the link do not', async () => {
    const who = await person(server, token);
    const page = await browse();
    await toPassword(page, who.email);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await atStep(page, 'Reset your password');
    expect(await page.getByLabel('Email address').inputValue()).toBe(who.email);
    const since = smtp.received.length;
    await page.getByLabel('Email address').focus();
    await pressEnter(page);
    await atStep(page, 'Check your email');
    const mail = await waitForMail(smtp, who.email, since);
    expect(mail.subject).toBe('Reset your password');
    const link = pick(mail, /Choose a new password: (\S+)/);
    expect(link.startsWith(`${server.running.url}/auth/reset?token=`)).toBe(true);

    await page.goto(link);
    await atStep(page, 'Choose a new password');
    expect(await autocompleteOf(page, 'password')).toBe('new-password');
    const fresh = STRONG();
    await typeFocused(page, 'password', fresh);
    expect((await pressEnter(page)).status()).toBe(200);
    await atStep(page, 'Password changed');

    await page.goto(link);
    await typeFocused(page, 'password', STRONG());
    expect((await pressEnter(page)).status()).toBe(400);
    await atStep(page, 'Link not valid');
    expect(await page.locator('main, body').first().textContent()).toContain('expired or was already used');

    const again = await browse();
    await toPassword(again, who.email);
    await typeFocused(again, 'password', who.password);
    expect((await pressEnter(again)).status()).toBe(400);
    expect(await alertText(again)).toBe(SIGN_IN_FAILED);
    await passwordSignIn(again, { ...who, password: fresh });
    expect((await landedInApp(again, who.email)).sub).toBe(who.userId);
    expectClean();
  });

  it('lets a person in two organizations choose; organization_id skips the choice; select_account asks again', async () => {
    const who = await person(server, token, { organizations: 2 });
    const [first, second] = who.organizationIds as [string, string];
    const page = await browse();
    await passwordSignIn(page, who);
    await atStep(page, 'Choose an organization');
    await page.getByRole('button', { name: `Org 1 of ${who.email}` }).focus();
    await page.keyboard.press('Enter');
    expect((await landedInApp(page, who.email)).oid).toBe(second);

    // prompt=select_account: the choice again, without the password, for the signed-in person.
    await page.goto(app.loginUrl({ prompt: 'select_account' }));
    await atStep(page, 'Choose an organization');
    expect(await page.getByRole('button').allTextContents()).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`Org 0 of ${who.email}`),
        expect.stringContaining(`Org 1 of ${who.email}`),
      ]),
    );
    await page.getByRole('button', { name: `Org 0 of ${who.email}` }).click();
    expect((await landedInApp(page, who.email)).oid).toBe(first);

    // The signed-in browser, asked for the other organization by the application: no choice page.
    const seen = pagesSeen(page);
    await page.goto(app.loginUrl({ organization_id: second }));
    expect((await landedInApp(page, who.email)).oid).toBe(second);
    await expect.poll(() => [...seen]).toEqual(['Welcome']);

    // Another browser asking for the first organization: the password, then straight in.
    const direct = await browse();
    const directSeen = pagesSeen(direct);
    await passwordSignIn(direct, who, { organization_id: first });
    expect((await landedInApp(direct, who.email)).oid).toBe(first);
    await expect.poll(() => [...directSeen]).toEqual(['Sign in', 'Enter your password', 'Welcome']);
    expectClean();
  });

  it('tells a signed-in person asked for an organization they are not in, instead of offering a choice', async () => {
    const who = await person(server, token, { organizations: 2 });
    const stranger = await person(server, token);
    const page = await browse();
    await passwordSignIn(page, who);
    await atStep(page, 'Choose an organization');
    await page.getByRole('button', { name: `Org 0 of ${who.email}` }).click();
    await landedInApp(page, who.email);
    const before = app.logins.length;
    await page.goto(app.loginUrl({ organization_id: stranger.organizationIds[0] as string }));
    await atStep(page, 'No access to this organization');
    expect(app.logins.length).toBe(before);
    // The session is untouched: the next sign-in is still in the first organization.
    await page.goto(app.loginUrl());
    expect((await landedInApp(page, who.email)).oid).toBe(who.organizationIds[0]);
    expectClean();
  });

  it(`answers 429 with Retry-After after ${ACCOUNT_LIMIT} wrong passwords, even to the right one`, async () => {
    const who = await person(server, token);
    const page = await browse();
    await toPassword(page, who.email);
    for (let i = 0; i < ACCOUNT_LIMIT; i++) {
      await typeFocused(page, 'password', `wrong guess number ${i}`);
      expect((await pressEnter(page)).status()).toBe(400);
      expect(await alertText(page)).toBe(SIGN_IN_FAILED);
    }
    await typeFocused(page, 'password', 'wrong guess once more');
    const limited = await pressEnter(page);
    expect(limited.status()).toBe(429);
    const retryAfter = Number(await limited.headerValue('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(900); // the default window
    expect(await alertText(page)).toMatch(/^Too many attempts\. Try again in \d+ minutes?\.$/);

    await typeFocused(page, 'password', who.password);
    expect((await pressEnter(page)).status()).toBe(429);
    expect(page.url()).not.toContain(app.url);
    expectClean();
  });
});
