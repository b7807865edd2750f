// A second person signing in in a browser that still holds someone else's sign-in (issue 5/6
// follow-up): after `prompt=login`, after the application ended the first session, or through the
// same SSO connection. The second login must reach the application with the second person's code —
// never a logout-confirm page in between — and the first person's session in that browser must end
// (its refresh tokens stop working), while the new tokens carry the second person's sub, sid and oid.
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CALLBACK, person, registerCallbacks, type Person } from './helpers/app-login.ts';
import { action, Browserish, field } from './helpers/login.ts';
import { PathBrowser } from './helpers/path-browser.ts';
import { walkToCallback } from './helpers/oidc-idp.ts';
import { rest } from './helpers/rest.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';
import { authorizeUrl } from './helpers/sign-in-api.ts';
import { idpAnswer, postToAcs, ssoOrganization, type SsoOrganization } from './helpers/sso-login.ts';
import { oidcOrganization, type OidcOrganization } from './helpers/sso-oidc-login.ts';

interface Tokens {
  access_token: string;
  id_token: string;
  refresh_token?: string;
}

const SCOPE = 'openid profile email offline_access';

describeEachEngine('a second person signing in in the same browser', (engine) => {
  const handle = useServer(engine, { GATEHOUSE_SEED_DEFAULT_ROLES: 'true' });
  let acme: OidcOrganization;
  let globex: SsoOrganization;
  let alice: Person;
  let bob: Person;

  beforeAll(async () => {
    await registerCallbacks(handle.server, handle.token);
    acme = await oidcOrganization(handle.server, handle.token);
    globex = await ssoOrganization(handle.server, handle.token);
    alice = await person(handle.server, handle.token);
    bob = await person(handle.server, handle.token);
  });
  afterAll(async () => {
    await acme?.idp.close();
  });

  const authorize = (params: Record<string, string> = {}) =>
    authorizeUrl(handle.server, { scope: SCOPE, ...params });

  /**
   * Where the browser ends up after `res`: the application's callback (its code), or the page it
   * stopped on (so a failing test says which: a logout-confirm form, an error page…).
   */
  async function arrival(browser: Browserish, res: Response) {
    const { res: last, external } = await browser.follow(res);
    if (external) {
      expect(`${external.origin}${external.pathname}`).toBe(CALLBACK);
      return { code: external.searchParams.get('code') ?? '', external };
    }
    const page = await last.text();
    const form = /<form[^>]*action="([^"]*)"/.exec(page)?.[1];
    throw new Error(`stopped at ${last.status} ${form ? `(a form posting to ${form})` : page.slice(0, 300)}`);
  }

  /** A password sign-in from an authorization in `browser`; returns the application's code. */
  async function passwordSignIn(browser: Browserish, who: Person, params: Record<string, string> = {}) {
    const start = await browser.follow(await browser.get(authorize(params)));
    expect(start.res.status).toBe(200);
    let page = await start.res.text();
    const emailed = await browser.post(action(page, 'email'), {
      csrf: field(page, 'csrf'),
      email: who.email,
    });
    expect(emailed.status).toBe(200);
    page = await emailed.text();
    const signedIn = await browser.post(action(page, 'password'), {
      csrf: field(page, 'csrf'),
      email: who.email,
      password: who.password,
    });
    return (await arrival(browser, signedIn)).code;
  }

  /** An SSO sign-in through acme's OIDC connection as `email`; returns the application's code. */
  async function ssoSignIn(browser: Browserish, email: string, params: Record<string, string> = {}) {
    const interaction = await browser.get(authorize({ organization_id: acme.organizationId, ...params }));
    expect(interaction.status).toBe(303);
    const { external } = await browser.follow(interaction);
    expect(`${external?.origin}${external?.pathname}`).toBe(`${acme.idp.issuer}/auth`);
    acme.idp.next = {
      account: { sub: `idp-${unique()}`, claims: { email, email_verified: true, given_name: 'Sam' } },
    };
    const callback = new URL(await walkToCallback(external!.href, acme.redirectUri));
    const answered = await browser.get(`${callback.pathname}${callback.search}`);
    expect(answered.status).toBe(303);
    return (await arrival(browser, answered)).code;
  }

  /** An SSO sign-in through globex's SAML connection as `email`; returns the application's code. */
  async function samlSignIn(browser: Browserish, email: string, params: Record<string, string> = {}) {
    const { external } = await browser.follow(
      await browser.get(authorize({ organization_id: globex.organizationId, ...params })),
    );
    expect(external?.searchParams.get('SAMLRequest')).toBeTruthy();
    const form = await idpAnswer(globex, external!, { nameId: email, attributes: { email: [email] } });
    const posted = await postToAcs(browser, globex.sp.acsUrl, form);
    expect(posted.status).toBe(303);
    return (await arrival(browser, posted)).code;
  }

  async function token(fields: Record<string, string>): Promise<{ status: number; body: Tokens }> {
    const res = await fetch(`${handle.server.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: handle.server.clientId,
        client_secret: handle.server.clientSecret,
        ...fields,
      }).toString(),
    });
    return { status: res.status, body: (await res.json()) as Tokens };
  }

  async function exchange(code: string): Promise<Tokens> {
    const res = await token({ grant_type: 'authorization_code', code, redirect_uri: CALLBACK });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.refresh_token).toBeTruthy();
    return res.body;
  }

  async function active(accessToken: string): Promise<boolean> {
    const res = await fetch(`${handle.server.url}/oauth/introspect`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: accessToken,
        client_id: handle.server.clientId,
        client_secret: handle.server.clientSecret,
      }).toString(),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { active: boolean }).active;
  }

  const refresh = (tokens: Tokens) =>
    token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '' });

  const userIdOf = async (email: string) =>
    (
      await handle.server.running.ctx.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', email)
        .executeTakeFirstOrThrow()
    ).id;

  const sessionRow = (id: string) =>
    handle.server.running.ctx.db
      .selectFrom('user_sessions')
      .select(['user_id', 'logout_at', 'revoked_at', 'oidc_session_uid'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  /** The second person's tokens are theirs; the first person's session has ended and its tokens with it. */
  async function expectHandedOver(
    first: Tokens,
    second: Tokens,
    who: { userId: string; organizationId: string },
  ) {
    const before = decodeJwt(first.access_token);
    const after = decodeJwt(second.access_token);
    expect(after.sub).toBe(who.userId);
    expect(decodeJwt(second.id_token).sub).toBe(who.userId);
    expect(after.oid).toBe(who.organizationId);
    expect(String(after.sid)).toMatch(/^ses_/);
    expect(after.sid).not.toBe(before.sid);
    const old = await sessionRow(String(before.sid));
    expect(old.logout_at ?? old.revoked_at).toBeTruthy();
    const current = await sessionRow(String(after.sid));
    expect(current).toMatchObject({ user_id: who.userId, logout_at: null, revoked_at: null });
    expect(current.oidc_session_uid).toBeTruthy();
    // The browser's provider session now points at the new session only.
    expect(old.oidc_session_uid).not.toBe(current.oidc_session_uid);
    expect((await refresh(first)).body).toMatchObject({ error: 'invalid_grant' });
    expect(await active(first.access_token)).toBe(false);
    expect(await active(second.access_token)).toBe(true);
    const renewed = await refresh(second);
    expect(renewed.status, JSON.stringify(renewed.body)).toBe(200);
    expect(decodeJwt(renewed.body.access_token)).toMatchObject({ sub: who.userId, sid: after.sid });
  }

  it('the same person signing in again with prompt=login gets a new session (the untouched case)', async () => {
    const browser = new Browserish(handle.server.url);
    const first = await exchange(await passwordSignIn(browser, alice));
    const again = await exchange(await passwordSignIn(browser, alice, { prompt: 'login' }));
    await expectHandedOver(first, again, {
      userId: alice.userId,
      organizationId: alice.organizationIds[0]!,
    });
  });

  it('password sign-in as one person, then prompt=login and another person signs in with a password', async () => {
    const browser = new Browserish(handle.server.url);
    const first = await exchange(await passwordSignIn(browser, alice));
    const second = await exchange(await passwordSignIn(browser, bob, { prompt: 'login' }));
    await expectHandedOver(first, second, { userId: bob.userId, organizationId: bob.organizationIds[0]! });
  });

  it('after the application ended the first session, another person signs in without a prompt', async () => {
    const browser = new Browserish(handle.server.url);
    const first = await exchange(await passwordSignIn(browser, alice));
    const sid = String(decodeJwt(first.access_token).sid);
    const revoked = await rest(handle.server, 'POST', `/api/v1/sessions/${sid}/revoke`, {
      token: handle.token,
    });
    expect(revoked.status).toBe(200);
    const second = await exchange(await passwordSignIn(browser, bob));
    await expectHandedOver(first, second, { userId: bob.userId, organizationId: bob.organizationIds[0]! });
  });

  it('SSO as one person, then prompt=login and SSO as another through the same connection', async () => {
    const browser = new Browserish(handle.server.url);
    const one = `one-${unique()}@${acme.domain}`;
    const two = `two-${unique()}@${acme.domain}`;
    const first = await exchange(await ssoSignIn(browser, one));
    const second = await exchange(await ssoSignIn(browser, two, { prompt: 'login' }));
    expect(decodeJwt(first.access_token).sub).toBe(await userIdOf(one));
    await expectHandedOver(first, second, {
      userId: await userIdOf(two),
      organizationId: acme.organizationId,
    });
  });

  it('SAML SSO as one person, then prompt=login and SAML SSO as another through the same connection', async () => {
    const browser = new Browserish(handle.server.url);
    const one = `one-${unique()}@${globex.domain}`;
    const two = `two-${unique()}@${globex.domain}`;
    const first = await exchange(await samlSignIn(browser, one));
    const second = await exchange(await samlSignIn(browser, two, { prompt: 'login' }));
    expect(decodeJwt(first.access_token).sub).toBe(await userIdOf(one));
    await expectHandedOver(first, second, {
      userId: await userIdOf(two),
      organizationId: globex.organizationId,
    });
  });

  it('SSO as one person, then prompt=login and another person signs in with a password', async () => {
    const browser = new Browserish(handle.server.url);
    const first = await exchange(await ssoSignIn(browser, `sso-${unique()}@${acme.domain}`));
    const second = await exchange(await passwordSignIn(browser, bob, { prompt: 'login' }));
    await expectHandedOver(first, second, { userId: bob.userId, organizationId: bob.organizationIds[0]! });
  });

  it('afterwards the browser is the second person: a new authorization returns their code', async () => {
    const browser = new Browserish(handle.server.url);
    await exchange(await passwordSignIn(browser, alice));
    const second = await exchange(await passwordSignIn(browser, bob, { prompt: 'login' }));
    const silent = await browser.follow(await browser.get(authorize()));
    expect(silent.external, 'no sign-in page: the browser is signed in').toBeDefined();
    const third = await exchange(silent.external!.searchParams.get('code') ?? '');
    expect(decodeJwt(third.access_token)).toMatchObject({
      sub: bob.userId,
      sid: decodeJwt(second.access_token).sid,
    });
  });

  it("refuses the first person's old browser cookies after the second person signed in", async () => {
    const browser = new Browserish(handle.server.url);
    await exchange(await passwordSignIn(browser, alice));
    const kept = browser.jar.header();
    await exchange(await passwordSignIn(browser, bob, { prompt: 'login' }));
    // Someone who copied the browser's cookies while the first person was signed in.
    const res = await fetch(new URL(authorize(), handle.server.url), {
      redirect: 'manual',
      headers: { cookie: kept },
    });
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location') ?? '', handle.server.url);
    expect(location.pathname).toMatch(/^\/interaction\//);
  });

  it('refuses a login started before someone else signed in in another tab, and leaves them signed in', async () => {
    const browser = new PathBrowser(handle.server.url);
    /** Opens a sign-in (a tab) and enters the email: the password page. */
    const open = async (email: string, params: Record<string, string> = {}) => {
      const start = await browser.follow(await browser.get(authorize(params)));
      const page = await start.res.text();
      const emailed = await browser.post(action(page, 'email'), { csrf: field(page, 'csrf'), email });
      return emailed.text();
    };
    const signIn = async (page: string, who: Person) =>
      browser.follow(
        await browser.post(action(page, 'password'), {
          csrf: field(page, 'csrf'),
          email: who.email,
          password: who.password,
        }),
      );
    const first = await signIn(await open(alice.email), alice);
    expect(first.external).toBeDefined();
    const carol = await person(handle.server, handle.token);
    const stale = await open(bob.email, { prompt: 'login' });
    const other = await signIn(await open(carol.email, { prompt: 'login' }), carol);
    const carolTokens = await exchange(other.external?.searchParams.get('code') ?? '');
    expect(decodeJwt(carolTokens.access_token).sub).toBe(carol.userId);
    // The first tab's sign-in began while Alice held the browser; Carol holds it now.
    const late = await signIn(stale, bob);
    expect(late.external).toBeUndefined();
    expect(late.res.status).toBe(400);
    expect(await late.res.text()).toContain('This sign-in has expired');
    const carolSession = await sessionRow(String(decodeJwt(carolTokens.access_token).sid));
    expect(carolSession).toMatchObject({ user_id: carol.userId, logout_at: null, revoked_at: null });
    expect((await refresh(carolTokens)).status).toBe(200);
  });
});
