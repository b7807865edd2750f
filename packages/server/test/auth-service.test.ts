// AuthService, the hosted login page's own API, driven over real HTTP as a page's script would
// call it (the browser's cookies, JSON, the page's origin), mixed with the server-rendered steps of
// the same sign-in: features, state, discovery, one-time codes, organizations, sign-up, the events a
// login writes, and the end of the flow at the application's callback.
import { beforeAll, expect, it } from 'vitest';
import { person, registerCallbacks } from './helpers/app-login.ts';
import { codeIn, latestMail } from './helpers/credentials.ts';
import { eventsOfType, mailTo } from './helpers/identity.ts';
import { expectRestError } from './helpers/rest.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';
import { AUTH, authCall, postStep, postTo, resumeToCallback, startSignIn } from './helpers/sign-in-api.ts';

const CODE_FAILED = 'That code is incorrect or has expired.';

describeEachEngine('AuthService for the hosted login page', (engine) => {
  const handle = useServer(engine, {
    GATEHOUSE_SEED_DEFAULT_ROLES: 'true',
    GATEHOUSE_APP_NAME: 'Acme Cloud',
  });

  beforeAll(async () => {
    await registerCallbacks(handle.server, handle.token);
  });

  /** Starts a sign-in, names the email through the API, and asks the page for a one-time code. */
  async function codeRequested(email: string) {
    const start = await startSignIn(handle.server);
    const found = await authCall(handle.server, start.browser, 'POST', AUTH.discovery, { email });
    expect(found.status, JSON.stringify(found.body)).toBe(200);
    const sent = await postTo(start.browser, start.uid, start.html, 'otp');
    expect(sent.status).toBe(200);
    return start;
  }

  it('answers features and customizations without any cookie', async () => {
    const features = await authCall(handle.server, undefined, 'GET', AUTH.features);
    expect(features.status).toBe(200);
    expect(features.body).toEqual({
      features: {
        password: true,
        passwordless: true,
        passwordless_type: 'LINK_OTP',
        otp_length: 6,
        sign_up: true,
        organization_signup: true,
        sso: true,
        social_login: false,
        passkeys: false,
      },
    });
    const customizations = await authCall(handle.server, undefined, 'GET', AUTH.customizations);
    expect(customizations.status).toBe(200);
    expect(customizations.body).toEqual({
      customization_settings: { app_name: 'Acme Cloud' },
      settings: { custom_branding: false },
    });
  });

  it('sets a signed, HttpOnly, SameSite=Lax sign-in cookie for every path when a sign-in starts', async () => {
    const { browser } = await startSignIn(handle.server);
    const res = await browser.get(
      `/oauth/authorize?${new URLSearchParams({ response_type: 'code', client_id: handle.server.clientId, redirect_uri: 'http://localhost:4010/auth/callback', scope: 'openid' })}`,
    );
    const cookies = res.headers.getSetCookie().filter((c) => c.startsWith('_gatehouse_signin'));
    expect(cookies).toHaveLength(2); // the value and its signature
    for (const cookie of cookies) {
      expect(cookie).toMatch(/; path=\/;/);
      expect(cookie).toMatch(/; samesite=lax/);
      expect(cookie).toMatch(/; httponly/);
    }
  });

  it('reports the state: the login hint, then the email typed, the same whether the account exists or not', async () => {
    const known = await person(handle.server, handle.token);
    const answers = [];
    for (const email of [known.email, `nobody-${unique()}@example.com`]) {
      const { browser, uid } = await startSignIn(handle.server, { login_hint: email });
      const first = await authCall(handle.server, browser, 'GET', AUTH.state);
      expect(first.status).toBe(200);
      expect(first.body).toEqual({ auth_state: 'AUTHENTICATION_IN_PROGRESS', login_hint: email });
      const found = await authCall(handle.server, browser, 'POST', AUTH.discovery, {
        email,
        intent: 'sign_in',
      });
      expect(found.status).toBe(200);
      const state = await authCall(handle.server, browser, 'GET', AUTH.state);
      expect(state.body).toEqual({
        auth_state: 'AUTHENTICATION_IN_PROGRESS',
        user: { email, first_name: '', last_name: '' },
        login_hint: email,
      });
      answers.push(JSON.stringify(found.body).replaceAll(uid, '<uid>'));
    }
    expect(answers[0]).toBe(answers[1]);
    expect(JSON.parse(answers[0] as string)).toEqual({
      auth_method: {
        connection_id: '',
        connection_type: 'PASSWORD',
        provider: 'gatehouse',
        auth_initiation_uri: `${handle.server.url}/interaction/<uid>`,
        passwordless_type: 'LINK_OTP',
        code_challenge_length: 6,
      },
    });
  });

  it('refuses an invalid email at discovery and remembers nothing', async () => {
    const { browser } = await startSignIn(handle.server);
    const res = await authCall(handle.server, browser, 'POST', AUTH.discovery, { email: 'not an email' });
    expectRestError(res, 400, 3, 'INVALID_ARGUMENT');
    const state = await authCall(handle.server, browser, 'GET', AUTH.state);
    expect(state.body.user).toBeUndefined();
  });

  it('signs up a new person by one-time code: verify, their first organization, the events, the code', async () => {
    const email = `new-${unique()}@example.com`;
    const { browser, uid } = await codeRequested(email);
    const pending = await authCall(handle.server, browser, 'GET', AUTH.state);
    expect(pending.body.auth_state).toBe('LINK_SENT_OTP_VERIFICATION_PENDING');

    const wrong = await authCall(handle.server, browser, 'POST', AUTH.verify, { code_challenge: '000000' });
    expectRestError(wrong, 400, 3, 'INVALID_ARGUMENT', new RegExp(CODE_FAILED));
    const early = await authCall(handle.server, browser, 'POST', AUTH.resend);
    expectRestError(early, 429, 8, 'RESOURCE_EXHAUSTED', /wait \d+ seconds/);
    expect(Number(early.headers.get('retry-after'))).toBeGreaterThan(0);
    const notYet = await authCall(handle.server, browser, 'GET', AUTH.organizations);
    expectRestError(notYet, 400, 9, 'FAILED_PRECONDITION', /not proven/);

    const code = codeIn((await latestMail(handle.server, email)).text_body);
    const verified = await authCall(handle.server, browser, 'POST', AUTH.verify, { code_challenge: code });
    expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    expect(verified.body).toEqual({});

    const state = await authCall(handle.server, browser, 'GET', AUTH.state);
    expect(state.body).toEqual({
      auth_state: 'ORGANIZATION_SIGNUP',
      user: { email, first_name: '', last_name: '' },
      login_hint: '',
    });
    const none = await authCall(handle.server, browser, 'GET', AUTH.organizations);
    expect(none.body).toEqual({
      organizations: [],
      user: { email, first_name: '', last_name: '' },
      intent: 'sign_up',
    });

    const blank = await authCall(handle.server, browser, 'POST', AUTH.signup, { organization_name: '  ' });
    expectRestError(blank, 400, 3, 'INVALID_ARGUMENT');
    const founded = await authCall(handle.server, browser, 'POST', AUTH.signup, {
      organization_name: 'Zephyr Labs',
    });
    expect(founded.status, JSON.stringify(founded.body)).toBe(200);
    const organizationId = founded.body.organization_id as string;
    expect(founded.body).toEqual({
      organization_id: expect.stringMatching(/^org_/),
      organization_name: 'Zephyr Labs',
    });

    const done = await authCall(handle.server, browser, 'GET', AUTH.state);
    expect(done.body).toEqual({
      auth_state: 'AUTHENTICATION_COMPLETED',
      user: { email, first_name: '', last_name: '' },
      login_hint: '',
    });
    // Finished: nothing can change it any more; the browser resumes the authorization.
    for (const [path, body] of [
      [AUTH.signup, { organization_name: 'Second' }],
      [AUTH.verify, { code_challenge: code }],
      [AUTH.discovery, { email: 'other@example.com' }],
      [AUTH.resend, {}],
    ] as const) {
      expectRestError(
        await authCall(handle.server, browser, 'POST', path, body),
        400,
        9,
        'FAILED_PRECONDITION',
        /complete/,
      );
    }
    const callback = await resumeToCallback(browser, uid);
    expect(callback.searchParams.get('code')).toBeTruthy();

    const signups = (await eventsOfType(handle.server, 'user.signup')).filter(
      (e) => e.data.user.email === email,
    );
    const logins = (await eventsOfType(handle.server, 'user.login')).filter(
      (e) => e.data.user.email === email,
    );
    expect(signups).toHaveLength(1);
    expect(logins).toHaveLength(1);
    for (const event of [signups[0], logins[0]]) {
      expect(event).toMatchObject({ organization_id: organizationId, object: 'User' });
      expect(event?.data).toMatchObject({
        organization_id: organizationId,
        auth_method: 'otp',
        session_id: expect.stringMatching(/^ses_/),
      });
    }
    expect(Number(signups[0]!.seq)).toBeLessThan(Number(logins[0]!.seq));
    const session = await handle.server.running.ctx.sessions.get(logins[0]!.data.session_id as string);
    expect(session).toMatchObject({ organizationId, authMethod: 'otp' });
    const user = await handle.server.running.ctx.db
      .selectFrom('users')
      .select(['last_login_at', 'id'])
      .where('email_normalized', '=', email)
      .executeTakeFirstOrThrow();
    expect(user.last_login_at).toBe(session?.createdAt);
  });

  it('completes a password sign-up with the API: the same answers for a taken address, user.signup once proven', async () => {
    const taken = await person(handle.server, handle.token);
    const email = `signup-${unique()}@example.com`;
    const browsers = [];
    for (const address of [email, taken.email]) {
      const { browser, uid, html } = await startSignIn(handle.server);
      const signedUp = await postTo(browser, uid, html, 'signup', {
        email: address,
        password: `Quiet harbor ${unique()} lantern`,
        given_name: 'Grace',
        family_name: 'Hopper',
      });
      expect(signedUp.status).toBe(200);
      const state = await authCall(handle.server, browser, 'GET', AUTH.state);
      expect(state.body).toEqual({
        auth_state: 'LINK_SENT_OTP_VERIFICATION_PENDING',
        user: { email: address, first_name: '', last_name: '' },
        login_hint: '',
      });
      browsers.push(browser);
    }
    // The taken address was mailed a code as well, so resending and verifying behave alike; a wrong
    // code is refused as for any address, and the right one signs the owner in to the existing
    // account (the password typed at sign-up is dropped, no user.signup).
    const refused = await authCall(handle.server, browsers[1], 'POST', AUTH.verify, {
      code_challenge: '000000',
    });
    expectRestError(refused, 400, 3, 'INVALID_ARGUMENT', new RegExp(CODE_FAILED));
    await latestMail(handle.server, taken.email, 2);
    const ownerMails = await mailTo(handle.server, taken.email);
    const ownerCode = ownerMails.map((m) => /\b(\d{6})\b/.exec(m.text_body)?.[1]).find(Boolean);
    expect(ownerCode).toMatch(/^\d{6}$/);
    expect(ownerMails.some((m) => /already have an account/i.test(m.subject + m.text_body))).toBe(true);

    const code = codeIn((await latestMail(handle.server, email)).text_body);
    expect(
      (await authCall(handle.server, browsers[0], 'POST', AUTH.verify, { code_challenge: code })).status,
    ).toBe(200);
    const proven = await authCall(handle.server, browsers[0], 'GET', AUTH.organizations);
    expect(proven.body).toEqual({
      organizations: [],
      user: { email, first_name: 'Grace', last_name: 'Hopper' },
      intent: 'sign_up',
    });
    const founded = await authCall(handle.server, browsers[0], 'POST', AUTH.signup, {
      organization_name: 'Hopper & Co',
    });
    expect(founded.status).toBe(200);
    const signups = (await eventsOfType(handle.server, 'user.signup')).filter(
      (e) => e.data.user.email === email,
    );
    expect(signups.map((e) => [e.organization_id, e.data.auth_method])).toEqual([
      [founded.body.organization_id, 'otp'],
    ]);
  });

  it('lets a person in several organizations see them, choose on the page, and logs user.login only', async () => {
    const alice = await person(handle.server, handle.token, { organizations: 2 });
    const { browser, uid, html } = await startSignIn(handle.server);
    const emailed = await postStep(browser, html, 'email', { email: alice.email });
    const signedIn = await postStep(browser, await emailed.text(), 'password', {
      email: alice.email,
      password: alice.password,
    });
    expect(signedIn.status).toBe(303);

    const state = await authCall(handle.server, browser, 'GET', AUTH.state);
    expect(state.body).toMatchObject({ auth_state: 'ORGANIZATION_SWITCHER', user: { email: alice.email } });
    const listed = await authCall(handle.server, browser, 'GET', AUTH.organizations);
    expect(listed.status).toBe(200);
    expect(listed.body.intent).toBe('sign_in');
    expect(listed.body.organizations.map((o: { id: string }) => o.id).sort()).toEqual(
      [...alice.organizationIds].sort(),
    );
    expect(listed.body.organizations[0]).toEqual({
      id: expect.any(String),
      name: expect.any(String),
      membership_status: 'ACTIVE',
    });

    const choosing = await browser.get(`/interaction/${uid}/organization`);
    const chosen = await postStep(browser, await choosing.text(), 'organization', {
      organization_id: alice.organizationIds[1]!,
    });
    expect(chosen.status).toBe(303);
    await resumeToCallback(browser, uid);
    const logins = (await eventsOfType(handle.server, 'user.login')).filter(
      (e) => e.data.user.id === alice.userId,
    );
    expect(logins.map((e) => [e.organization_id, e.data.auth_method])).toEqual([
      [alice.organizationIds[1], 'password'],
    ]);
    expect(
      (await eventsOfType(handle.server, 'user.signup')).some((e) => e.data.user.id === alice.userId),
    ).toBe(false);
  });

  it('says a person is not a member when the application asked for another organization', async () => {
    const bob = await person(handle.server, handle.token);
    const other = await person(handle.server, handle.token);
    const start = await startSignIn(handle.server, { organization_id: other.organizationIds[0]! });
    await authCall(handle.server, start.browser, 'POST', AUTH.discovery, { email: bob.email });
    expect((await postTo(start.browser, start.uid, start.html, 'otp')).status).toBe(200);
    const code = codeIn((await latestMail(handle.server, bob.email)).text_body);
    const refused = await authCall(handle.server, start.browser, 'POST', AUTH.verify, {
      code_challenge: code,
    });
    expectRestError(refused, 403, 7, 'PERMISSION_DENIED', /not a member/);
  });

  it('reports a sign-in the person cancelled as failed', async () => {
    const { browser, uid, html } = await startSignIn(handle.server);
    const aborted = await postTo(browser, uid, html, 'abort');
    expect(aborted.status).toBe(303);
    const state = await authCall(handle.server, browser, 'GET', AUTH.state);
    expect(state.body).toEqual({ auth_state: 'AUTHENTICATION_FAILED', login_hint: '' });
  });

  it('refuses verify and resend when no code is pending', async () => {
    const { browser } = await startSignIn(handle.server);
    await authCall(handle.server, browser, 'POST', AUTH.discovery, { email: `x-${unique()}@example.com` });
    expectRestError(
      await authCall(handle.server, browser, 'POST', AUTH.verify, { code_challenge: '123456' }),
      400,
      9,
      'FAILED_PRECONDITION',
      /no one-time code/,
    );
    expectRestError(
      await authCall(handle.server, browser, 'POST', AUTH.resend),
      400,
      9,
      'FAILED_PRECONDITION',
      /no one-time code/,
    );
    expectRestError(
      await authCall(handle.server, browser, 'POST', AUTH.signup, { organization_name: 'X' }),
      400,
      9,
      'FAILED_PRECONDITION',
      /not proven/,
    );
  });
});
