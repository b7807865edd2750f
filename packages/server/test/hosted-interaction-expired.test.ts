// A sign-in whose interaction goes away while a hosted page is being answered (it expired, was
// finished in another tab, or its cookie is gone): the person gets the "This sign-in has expired"
// page (400) and the log a warning — not a 500 "internal error" logged as a failure of the server.
// The interaction is removed just before the Gatehouse session starts and oidc-provider is asked to
// finish it, for the password step and for the SSO return leg; the session so started is revoked.
// Any other failure of a step must still be a 500, not dressed up as an expired sign-in.
import { afterEach, beforeAll, expect, it, vi } from 'vitest';
import type { AppContext } from '../src/app-context.ts';
import { SIGN_IN_EXPIRED } from '../src/hosted/finish-login.ts';
import { CALLBACK, person, registerCallbacks, type Person } from './helpers/app-login.ts';
import { action, Browserish, field } from './helpers/login.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';
import { authorizeUrl, startSignIn } from './helpers/sign-in-api.ts';
import { idpAnswer, postToAcs, ssoOrganization, type SsoOrganization } from './helpers/sso-login.ts';

const EXPIRED = 'This sign-in has expired';
const GONE_LOG = 'hosted sign-in: the interaction is gone, answered with the expired page';

describeEachEngine('a hosted sign-in whose interaction is gone', (engine) => {
  const handle = useServer(engine);
  const ctx = (): AppContext => handle.server.running.ctx;
  let alice: Person;
  let globex: SsoOrganization;

  beforeAll(async () => {
    await registerCallbacks(handle.server, handle.token);
    alice = await person(handle.server, handle.token);
    globex = await ssoOrganization(handle.server, handle.token);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Up to the password page of a sign-in: the browser, the interaction and the page. */
  async function toPasswordPage() {
    const { browser, uid, html } = await startSignIn(handle.server);
    const emailed = await browser.post(action(html, 'email'), {
      csrf: field(html, 'csrf'),
      email: alice.email,
    });
    expect(emailed.status).toBe(200);
    return { browser, uid, page: await emailed.text() };
  }

  const submitPassword = (browser: Browserish, page: string) =>
    browser.post(action(page, 'password'), {
      csrf: field(page, 'csrf'),
      email: alice.email,
      password: alice.password,
    });

  const removeInteraction = (uid: string) =>
    ctx().db.deleteFrom('oidc_artifacts').where('kind', '=', 'Interaction').where('id', '=', uid).execute();

  /**
   * Runs `before` when the next Gatehouse session starts (after the step opened the interaction);
   * the id of the session started, once it is.
   */
  function onSessionStart(before: () => Promise<unknown>) {
    const sessions = ctx().sessions;
    const start = sessions.start.bind(sessions);
    const started: { id?: string } = {};
    vi.spyOn(sessions, 'start').mockImplementationOnce(async (...args) => {
      await before();
      const session = await start(...args);
      started.id = session.id;
      return session;
    });
    return started;
  }

  /** The session a gone interaction left behind is over: nothing would ever carry it to the app. */
  async function expectRevoked(started: { id?: string }) {
    const session = await ctx().sessions.get(started.id ?? '');
    expect(session?.revokedAt).not.toBeNull();
    expect(session?.revokedReason).toBe(SIGN_IN_EXPIRED);
  }

  const watchLog = () => ({ warn: vi.spyOn(ctx().logger, 'warn'), error: vi.spyOn(ctx().logger, 'error') });
  const messages = (spy: { mock: { calls: unknown[][] } }) => spy.mock.calls.map((call) => call[1]);

  async function expectExpiredPage(res: Response) {
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await res.text()).toContain(EXPIRED);
  }

  it('signs in untouched: the password step reaches the application', async () => {
    const { browser, page } = await toPasswordPage();
    const { external } = await browser.follow(await submitPassword(browser, page));
    expect(`${external?.origin}${external?.pathname}`).toBe(CALLBACK);
    expect(external?.searchParams.get('code')).toBeTruthy();
  });

  it('answers the expired page when the interaction goes while the password step finishes', async () => {
    const { browser, uid, page } = await toPasswordPage();
    const started = onSessionStart(() => removeInteraction(uid));
    const log = watchLog();
    await expectExpiredPage(await submitPassword(browser, page));
    expect(messages(log.warn)).toContain(GONE_LOG);
    expect(messages(log.error)).toEqual([]);
    await expectRevoked(started);
    // Nothing to resume: the provider has no interaction to hand a code from.
    const resumed = await browser.get(`/oauth/authorize/${uid}`);
    expect(resumed.headers.get('location') ?? '').not.toContain('code=');
  });

  it('answers the expired page when the interaction is gone before the step opens it', async () => {
    const { browser, uid, page } = await toPasswordPage();
    await removeInteraction(uid);
    const log = watchLog();
    await expectExpiredPage(await submitPassword(browser, page));
    expect(messages(log.warn)).toContain(GONE_LOG);
    expect(messages(log.error)).toEqual([]);
  });

  it('answers the expired page when the interaction cookie is gone', async () => {
    const { page } = await toPasswordPage();
    const cookieless = new Browserish(handle.server.url);
    await expectExpiredPage(await submitPassword(cookieless, page));
  });

  it('answers the expired page when the interaction goes while the SSO return leg finishes', async () => {
    const browser = new Browserish(handle.server.url);
    const toIdp = await browser.follow(
      await browser.get(authorizeUrl(handle.server, { organization_id: globex.organizationId })),
    );
    expect(toIdp.external?.searchParams.get('SAMLRequest')).toBeTruthy();
    const email = `sso-${unique()}@${globex.domain}`;
    const form = await idpAnswer(globex, toIdp.external as URL, { nameId: email });
    const posted = await postToAcs(browser, globex.sp.acsUrl, form);
    expect(posted.status).toBe(303);
    const back = posted.headers.get('location') ?? '';
    const uid = /^\/interaction\/([A-Za-z0-9_-]+)\/sso\?/.exec(back)?.[1] ?? '';
    expect(uid).not.toBe('');
    const started = onSessionStart(() => removeInteraction(uid));
    const log = watchLog();
    await expectExpiredPage(await browser.get(back));
    expect(messages(log.warn)).toContain(GONE_LOG);
    expect(messages(log.error)).toEqual([]);
    await expectRevoked(started);
  });

  it('still answers 500 for any other failure of a step, logged as an error', async () => {
    const { browser, page } = await toPasswordPage();
    onSessionStart(() => Promise.reject(new Error('database unavailable')));
    const log = watchLog();
    const res = await submitPassword(browser, page);
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain(EXPIRED);
    expect(messages(log.error)).toContain('unhandled request failure');
    expect(messages(log.warn)).not.toContain(GONE_LOG);
  });
});
