// OIDC connections in the hosted sign-in, end to end over plain HTTP: the application's authorization
// (official SDK) routed to the organization's IdP (a second, independent oidc-provider), the person's
// login there, our callback, the hand-off to the interaction, just-in-time provisioning, and the code
// exchanged for tokens in the connection's organization. Then what must be refused.
import { userEvents } from './helpers/identity.ts';
import { Scalekit } from '@scalekit-sdk/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CALLBACK, registerCallbacks } from './helpers/app-login.ts';
import { action, Browserish, field } from './helpers/login.ts';
import { walkToCallback, type IdpAccount } from './helpers/oidc-idp.ts';
import { rest } from './helpers/rest.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';
import { oidcOrganization, type OidcOrganization } from './helpers/sso-oidc-login.ts';

describeEachEngine('OIDC sign-in through the hosted login', (engine) => {
  const handle = useServer(engine, { GATEHOUSE_SEED_DEFAULT_ROLES: 'true' });
  let scalekit: Scalekit;
  let acme: OidcOrganization;
  const started: OidcOrganization[] = [];

  beforeAll(async () => {
    await registerCallbacks(handle.server, handle.token);
    scalekit = new Scalekit(handle.server.url, handle.server.clientId, handle.server.clientSecret);
    acme = await organization();
  });
  afterAll(async () => {
    await Promise.all(started.map((o) => o.idp.close()));
  });

  async function organization(options: { jit?: boolean } = {}) {
    const org = await oidcOrganization(handle.server, handle.token, options);
    started.push(org);
    return org;
  }

  const authorize = (options: Record<string, unknown>) =>
    scalekit.getAuthorizationUrl(CALLBACK, {
      scopes: ['openid', 'profile', 'email'],
      state: 's1',
      ...options,
    });

  const account = (email: string, given = 'Ada'): IdpAccount => ({
    sub: `idp-${unique()}`,
    claims: { email, email_verified: true, given_name: given, family_name: 'Lovelace' },
  });

  /** From the authorization URL through the IdP's login to the callback URL it sends the browser to. */
  async function toCallback(org: OidcOrganization, url: string, person: IdpAccount) {
    const browser = new Browserish(handle.server.url);
    const interaction = await browser.get(url);
    expect(interaction.status).toBe(303);
    const toIdp = await browser.get(interaction.headers.get('location') ?? '');
    // The browser binding: only the callback path ever receives it, never a script or a cross-site POST.
    const cookie = toIdp.headers.getSetCookie().find((c) => c.startsWith('gatehouse_oidc_binding_'));
    expect(cookie).toMatch(/; Path=\/sso\/oidc; HttpOnly; SameSite=Lax; Max-Age=\d+$/);
    const { external } = await browser.follow(toIdp);
    expect(`${external?.origin}${external?.pathname}`).toBe(`${org.idp.issuer}/auth`);
    expect(external?.searchParams.get('code_challenge_method')).toBe('S256');
    org.idp.next = { account: person };
    const callbackUrl = new URL(await walkToCallback(external!.href, org.redirectUri));
    return { browser, callback: `${callbackUrl.pathname}${callbackUrl.search}` };
  }

  /** Our callback, then on to the application's; returns the code. */
  async function throughCallback(browser: Browserish, callback: string) {
    const answered = await browser.get(callback);
    expect(answered.status).toBe(303);
    expect(answered.headers.get('location')).toMatch(
      /^\/interaction\/[A-Za-z0-9_-]+\/sso\?result=[A-Za-z0-9_-]{43}$/,
    );
    const { external } = await browser.follow(answered);
    expect(`${external?.origin}${external?.pathname}`).toBe(CALLBACK);
    expect(external?.searchParams.get('state')).toBe('s1');
    return external?.searchParams.get('code') ?? '';
  }

  const events = (type: string, userId: string) => userEvents(handle.server, type, userId);

  it('routes organization_id to the OIDC IdP and signs a new person in with JIT provisioning', async () => {
    const email = `ada-${unique()}@${acme.domain}`;
    const { browser, callback } = await toCallback(
      acme,
      authorize({ organizationId: acme.organizationId }),
      account(email),
    );
    const code = await throughCallback(browser, callback);
    const result = await scalekit.authenticateWithCode(code, CALLBACK);
    expect(result.user.email).toBe(email);
    expect(result.user.givenName).toBe('Ada');
    expect(result.user.familyName).toBe('Lovelace');
    const claims = await scalekit.validateToken<Record<string, unknown>>(result.accessToken);
    expect(claims.oid).toBe(acme.organizationId);
    expect(claims.roles).toEqual(['member']);
    const user = await handle.server.running.ctx.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    expect(user.email_verified).toBe(1);
    expect(await events('user.signup', user.id)).toHaveLength(1);
    const login = await events('user.login', user.id);
    expect(login).toHaveLength(1);
    expect(login[0]).toMatchObject({
      organization_id: acme.organizationId,
      auth_method: 'sso',
      connection_id: acme.connectionId,
    });
  });

  it('sends an email of a domain with an OIDC connection to its IdP (home-realm discovery)', async () => {
    const browser = new Browserish(handle.server.url);
    const start = await browser.follow(await browser.get(authorize({})));
    const page = await start.res.text();
    const email = `hopper-${unique()}@${acme.domain}`;
    const emailed = await browser.post(action(page, 'email'), { csrf: field(page, 'csrf'), email });
    expect(emailed.status).toBe(303);
    const idpUrl = new URL(emailed.headers.get('location') ?? '');
    expect(`${idpUrl.origin}${idpUrl.pathname}`).toBe(`${acme.idp.issuer}/auth`);
    acme.idp.next = { account: account(email, 'Grace') };
    const callbackUrl = new URL(await walkToCallback(idpUrl.href, acme.redirectUri));
    const code = await throughCallback(browser, `${callbackUrl.pathname}${callbackUrl.search}`);
    const result = await scalekit.authenticateWithCode(code, CALLBACK);
    expect(result.user.email).toBe(email);
    expect(result.user.givenName).toBe('Grace');
  });

  it('refuses the callback in another browser, keeps it for the right one, and refuses it replayed', async () => {
    const email = `lin-${unique()}@${acme.domain}`;
    const { browser, callback } = await toCallback(
      acme,
      authorize({ connectionId: acme.connectionId }),
      account(email),
    );
    const binding = browser.jar.header();
    expect(binding).toMatch(/gatehouse_oidc_binding_[A-Za-z0-9_-]{12}=[A-Za-z0-9_-]{43}/);
    const stranger = new Browserish(handle.server.url);
    const stolen = await stranger.get(callback);
    expect(stolen.status).toBe(400);
    const page = await stolen.text();
    expect(page).toContain('browser_mismatch');
    expect(page).not.toMatch(/at .*\.ts:\d+/);
    // The stranger could not burn the login: the browser that started it still finishes it.
    const code = await throughCallback(browser, callback);
    expect((await scalekit.authenticateWithCode(code, CALLBACK)).user.email).toBe(email);
    // The same callback with the binding cookie kept (the browser itself forgot it): used already.
    const replayed = await fetch(new URL(callback, handle.server.url), {
      redirect: 'manual',
      headers: { cookie: binding },
    });
    expect(replayed.status).toBe(400);
    expect(await replayed.text()).toContain('(replayed)');
  });

  it('shows the IdP refusing the person as a clear page', async () => {
    const browser = new Browserish(handle.server.url);
    const { external } = await browser.follow(
      await browser.get(authorize({ organizationId: acme.organizationId })),
    );
    acme.idp.next = { error: 'access_denied' };
    const callbackUrl = new URL(await walkToCallback(external!.href, acme.redirectUri));
    const refused = await browser.get(`${callbackUrl.pathname}${callbackUrl.search}`);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('idp_error: access_denied');
  });

  it('reads the JIT switch of the OIDC configuration', async () => {
    const closed = await organization({ jit: false });
    const email = `nobody-${unique()}@${closed.domain}`;
    const { browser, callback } = await toCallback(
      closed,
      authorize({ organizationId: closed.organizationId }),
      account(email),
    );
    const answered = await browser.get(callback);
    expect(answered.status).toBe(303);
    const { res } = await browser.follow(answered);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('has no account in this organization');
    const users = await handle.server.running.ctx.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', email)
      .execute();
    expect(users).toHaveLength(0);
  });

  it('does not route to a disabled OIDC connection, and its callback refuses a login started before', async () => {
    const later = await organization();
    const { browser, callback } = await toCallback(
      later,
      authorize({ organizationId: later.organizationId }),
      account(`late-${unique()}@${later.domain}`),
    );
    const disabled = await rest(handle.server, 'PATCH', `${later.connectionPath}:disable`, {
      token: handle.token,
    });
    expect(disabled.status).toBe(200);
    const refused = await browser.get(callback);
    expect(refused.status).toBe(404);
    expect(await refused.text()).toContain('not available');
    const again = new Browserish(handle.server.url);
    const shown = await again.follow(await again.get(authorize({ organizationId: later.organizationId })));
    expect(shown.external).toBeUndefined();
    expect(action(await shown.res.text(), 'email')).toContain('/interaction/');
  });
});
