// SP-initiated SAML sign-in end to end over plain HTTP: the application's authorization (official
// SDK) routed by organization_id, connection_id or the email's domain to the samlify IdP, the
// signed response posted to our ACS, the hand-off to the interaction, just-in-time provisioning,
// and the code exchanged for tokens in the connection's organization. Then what must be refused.
import { userEvents } from './helpers/identity.ts';
import { beforeAll, expect, it } from 'vitest';
import { CALLBACK, person, registerCallbacks } from './helpers/app-login.ts';
import { action, Browserish, field } from './helpers/login.ts';
import { rest } from './helpers/rest.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';
import {
  idpAnswer,
  postToAcs,
  samlLoginSteps,
  ssoOrganization,
  type SsoOrganization,
} from './helpers/sso-login.ts';

describeEachEngine('SAML sign-in through the hosted login', (engine) => {
  const handle = useServer(engine, { GATEHOUSE_SEED_DEFAULT_ROLES: 'true' });
  const { scalekit, authorize, toIdp, throughAcs } = samlLoginSteps(handle);
  let acme: SsoOrganization;

  beforeAll(async () => {
    await registerCallbacks(handle.server, handle.token);
    acme = await ssoOrganization(handle.server, handle.token);
  });

  const events = (type: string, userId: string) => userEvents(handle.server, type, userId);

  it('routes organization_id to the IdP and signs a new person in with JIT provisioning', async () => {
    const email = `ada-${unique()}@${acme.domain}`;
    const { browser, idpUrl } = await toIdp(authorize({ organizationId: acme.organizationId }));
    const form = await idpAnswer(acme, idpUrl, {
      nameId: email,
      attributes: { email: [email], firstName: ['Ada'], lastName: ['Lovelace'] },
    });
    const code = await throughAcs(browser, acme, form);
    const result = await scalekit().authenticateWithCode(code, CALLBACK);
    expect(result.user.email).toBe(email);
    expect(result.user.givenName).toBe('Ada');
    const claims = await scalekit().validateToken<Record<string, unknown>>(result.accessToken);
    expect(claims.oid).toBe(acme.organizationId);
    expect(claims.roles).toEqual(['member']);
    const user = await handle.server.running.ctx.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    expect(user.email_verified).toBe(1);
    const signup = await events('user.signup', user.id);
    const login = await events('user.login', user.id);
    expect(signup).toHaveLength(1);
    expect(login).toHaveLength(1);
    expect(login[0]).toMatchObject({
      organization_id: acme.organizationId,
      auth_method: 'sso',
      connection_id: acme.connectionId,
    });
  });

  it('routes connection_id, matches an existing member by email and syncs the profile', async () => {
    const email = `grace-${unique()}@${acme.domain}`;
    const made = await rest(handle.server, 'POST', `/api/v1/organizations/${acme.organizationId}/users`, {
      token: handle.token,
      json: { email, user_profile: { given_name: 'G' } },
    });
    expect(made.status).toBe(200);
    const userId: string = made.body.user.id;
    const first = await toIdp(authorize({ connectionId: acme.connectionId }));
    await throughAcs(
      first.browser,
      acme,
      await idpAnswer(acme, first.idpUrl, { nameId: email, attributes: { firstName: ['Grace'] } }),
    );
    const second = await toIdp(authorize({ connectionId: acme.connectionId }));
    const code = await throughAcs(
      second.browser,
      acme,
      await idpAnswer(acme, second.idpUrl, { nameId: email, attributes: { firstName: ['Rear Admiral'] } }),
    );
    const result = await scalekit().authenticateWithCode(code, CALLBACK);
    expect(result.user.id).toBe(userId);
    expect(result.user.givenName).toBe('Rear Admiral');
    expect(await events('user.signup', userId)).toHaveLength(0);
    expect(await events('user.login', userId)).toHaveLength(2);
    expect((await events('user.updated', userId)).length).toBeGreaterThanOrEqual(2);
  });

  it('does not take a password for an email of a domain with SSO', async () => {
    const browser = new Browserish(handle.server.url);
    const start = await browser.follow(await browser.get(authorize({})));
    const page = await start.res.text();
    const posted = await browser.post(action(page, 'email').replace(/email$/, 'password'), {
      csrf: field(page, 'csrf'),
      email: `carol-${unique()}@${acme.domain}`,
      password: 'whatever it is',
    });
    expect(posted.status).toBe(303);
    expect(posted.headers.get('location')).toContain(`${acme.idp.ssoUrl}?SAMLRequest=`);
  });

  it('sends an email of a domain with SSO to its IdP from the email step (home-realm discovery)', async () => {
    const browser = new Browserish(handle.server.url);
    const start = await browser.follow(await browser.get(authorize({})));
    const page = await start.res.text();
    const email = `hopper-${unique()}@${acme.domain.toUpperCase()}`;
    const emailed = await browser.post(action(page, 'email'), { csrf: field(page, 'csrf'), email });
    // No password page: straight to the IdP.
    expect(emailed.status).toBe(303);
    const idpUrl = new URL(emailed.headers.get('location') ?? '');
    const code = await throughAcs(browser, acme, await idpAnswer(acme, idpUrl, { nameId: email }));
    const result = await scalekit().authenticateWithCode(code, CALLBACK);
    expect(result.user.email.toLowerCase()).toBe(email.toLowerCase());
    // domain_hint and login_hint route the same way, before any page.
    await toIdp(authorize({ domainHint: acme.domain }));
    await toIdp(authorize({ loginHint: `lin-${unique()}@${acme.domain}` }));
  });

  it('refuses a response posted to another connection’s ACS, and the same response twice', async () => {
    const other = await ssoOrganization(handle.server, handle.token);
    const email = `eve-${unique()}@${acme.domain}`;
    const { browser, idpUrl } = await toIdp(authorize({ organizationId: acme.organizationId }));
    const form = await idpAnswer(acme, idpUrl, { nameId: email });
    const elsewhere = await postToAcs(browser, other.sp.acsUrl, form);
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.text()).toContain('refused');
    await throughAcs(browser, acme, form);
    const replayed = await postToAcs(new Browserish(handle.server.url), acme.sp.acsUrl, form);
    expect(replayed.status).toBe(400);
    expect(await replayed.text()).toContain('replayed');
    // An unsolicited response (IdP-initiated) is not accepted: no connection allows it yet.
    const unsolicited = await acme.idp.respond(acme.sp, { nameId: email, inResponseTo: null });
    const posted = await postToAcs(new Browserish(handle.server.url), acme.sp.acsUrl, {
      SAMLResponse: unsolicited,
      RelayState: '',
    });
    expect(posted.status).toBe(400);
    expect(await posted.text()).toContain('idp_initiated_not_allowed');
  });

  it('uses a result token once, and only in the browser of its interaction', async () => {
    const email = `mallory-${unique()}@${acme.domain}`;
    const { browser, idpUrl } = await toIdp(authorize({ organizationId: acme.organizationId }));
    const posted = await postToAcs(browser, acme.sp.acsUrl, await idpAnswer(acme, idpUrl, { nameId: email }));
    const location = posted.headers.get('location') ?? '';
    const stranger = await new Browserish(handle.server.url).get(location);
    expect(stranger.status).toBe(400);
    // The same browser twice at once: one request takes the result, the other is refused.
    const [a, b] = await Promise.all([browser.get(location), browser.get(location)]);
    expect([a.status, b.status].sort()).toEqual([303, 400]);
    const winner = a.status === 303 ? a : b;
    const { external } = await browser.follow(winner);
    expect(`${external?.origin}${external?.pathname}`).toBe(CALLBACK);
    const users = await handle.server.running.ctx.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', email)
      .execute();
    expect(users).toHaveLength(1);
  });

  it('refuses an unknown person when JIT provisioning is off, and an address outside the verified domains', async () => {
    const closed = await ssoOrganization(handle.server, handle.token, { jit: false });
    const email = `nobody-${unique()}@${closed.domain}`;
    const { browser, idpUrl } = await toIdp(authorize({ organizationId: closed.organizationId }));
    const posted = await postToAcs(
      browser,
      closed.sp.acsUrl,
      await idpAnswer(closed, idpUrl, { nameId: email }),
    );
    const refused = await browser.get(posted.headers.get('location') ?? '');
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('has no account in this organization');
    // An IdP asserting someone else's address (a domain its organization has not proven) cannot
    // sign in as them, even with JIT on.
    const victim = await person(handle.server, handle.token);
    const hijack = await toIdp(authorize({ organizationId: acme.organizationId }));
    const answer = await postToAcs(
      hijack.browser,
      acme.sp.acsUrl,
      await idpAnswer(acme, hijack.idpUrl, { nameId: victim.email }),
    );
    const denied = await hijack.browser.get(answer.headers.get('location') ?? '');
    expect(denied.status).toBe(403);
    expect(await denied.text()).toContain('not in a verified domain');
    const memberships = await handle.server.running.ctx.db
      .selectFrom('memberships')
      .select('organization_id')
      .where('user_id', '=', victim.userId)
      .execute();
    expect(memberships.map((m) => m.organization_id)).toEqual(victim.organizationIds);
    for (const gone of [email]) {
      const rows = await handle.server.running.ctx.db
        .selectFrom('users')
        .select('id')
        .where('email', '=', gone)
        .execute();
      expect(rows).toHaveLength(0);
    }
  });

  it('does not route to a disabled connection or an organization with the sso feature off, and the ACS refuses them', async () => {
    const off = await ssoOrganization(handle.server, handle.token, { sso: false });
    const start = new Browserish(handle.server.url);
    const page = await start.follow(await start.get(authorize({ organizationId: off.organizationId })));
    expect(page.external).toBeUndefined();
    expect(action(await page.res.text(), 'email')).toContain('/interaction/');

    const later = await ssoOrganization(handle.server, handle.token);
    const { browser, idpUrl } = await toIdp(authorize({ organizationId: later.organizationId }));
    const form = await idpAnswer(later, idpUrl, { nameId: `late-${unique()}@${later.domain}` });
    const disabled = await rest(
      handle.server,
      'PATCH',
      `/api/v1/organizations/${later.organizationId}/connections/${later.connectionId}:disable`,
      { token: handle.token },
    );
    expect(disabled.status).toBe(200);
    const refused = await postToAcs(browser, later.sp.acsUrl, form);
    expect(refused.status).toBe(404);
    const again = new Browserish(handle.server.url);
    const shown = await again.follow(await again.get(authorize({ organizationId: later.organizationId })));
    expect(shown.external).toBeUndefined();
  });
});
