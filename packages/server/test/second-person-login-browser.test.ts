// A second person signing in in Chromium where someone else is still signed in (issue 5/6
// follow-up): from the application's sign-in link with prompt=login, the second person goes from the
// password page straight back to the application, signed in as themselves — no logout-confirm or
// "Submitting Callback" page in between, no console error or CSP violation on the way. The first
// person's session in that browser has ended.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { person, type Person } from './helpers/app-login.ts';
import { useBrowser } from './helpers/browser.ts';
import { atStep, pagesSeen, pressEnter, typeFocused, WatchedPages } from './helpers/browser-steps.ts';
import { startRelyingApp, type RelyingApp } from './helpers/relying-app.ts';
import { describeEachEngine } from './helpers/servers.ts';
import { getToken, startTestServer, type TestServer } from './harness.ts';

const browserHandle = useBrowser();

describeEachEngine('a second person signing in in a real browser', (engine) => {
  let server: TestServer;
  let token: string;
  let app: RelyingApp;
  const pages = new WatchedPages();

  beforeAll(async () => {
    server = await startTestServer(engine, { GATEHOUSE_SEED_DEFAULT_ROLES: 'true' });
    token = await getToken(server);
    app = await startRelyingApp(server, token);
  });
  afterAll(async () => {
    await pages.closeAll();
    await app?.close();
    await server?.close();
  });

  async function passwordSignIn(page: Page, who: Person, params: Record<string, string> = {}) {
    await page.goto(app.loginUrl(params));
    await atStep(page, 'Sign in');
    await typeFocused(page, 'email', who.email);
    expect((await pressEnter(page)).status()).toBe(200);
    await atStep(page, 'Enter your password');
    await typeFocused(page, 'password', who.password);
    await pressEnter(page);
    await page.waitForURL(`${app.callbackUrl}?**`);
    expect(await page.locator('#email').textContent()).toBe(who.email);
    const login = app.logins.findLast((l) => l.email === who.email);
    if (!login) throw new Error(`the app saw no login of ${who.email}`);
    return login;
  }

  it('goes from the second person’s password straight back to the application', async () => {
    const alice = await person(server, token);
    const bob = await person(server, token);
    const page = await pages.open(browserHandle.browser);
    const first = await passwordSignIn(page, alice);
    const seen = pagesSeen(page);
    const second = await passwordSignIn(page, bob, { prompt: 'login' });
    expect(seen).toEqual(['Sign in', 'Enter your password', 'Welcome']);
    expect(second).toMatchObject({ sub: bob.userId, oid: bob.organizationIds[0] });
    expect(second.sid).not.toBe(first.sid);
    const ended = await server.running.ctx.db
      .selectFrom('user_sessions')
      .select(['logout_at'])
      .where('id', '=', first.sid)
      .executeTakeFirstOrThrow();
    expect(ended.logout_at).toBeTruthy();
    pages.expectClean();
  });
});
