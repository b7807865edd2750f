// The IdP simulator's production switch, GATEHOUSE_IDP_SIMULATOR (its default and validation are in
// config.test.ts). Two instances on one database and one public URL, one with the simulator on and
// one with it off, so the connection made while it was on is the "existing simulator connection" of
// a server where it is off: its routes are 404, the connection cannot be created, changed to or
// enabled, routes no one and signs no one in; the same steps on the instance with it on are the
// untouched case.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { getToken, startTestServer, type TestServer } from './harness.ts';
import { CALLBACK, registerCallbacks } from './helpers/app-login.ts';
import { hiddenField } from './helpers/idp-simulator.ts';
import { Browserish, field } from './helpers/login.ts';
import { expectRestError, rest } from './helpers/rest.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';
import { authorizeUrl } from './helpers/sign-in-api.ts';

describeEachEngine('IdP simulator switched off', (engine) => {
  const on = useServer(engine, { GATEHOUSE_IDP_SIMULATOR: 'on', GATEHOUSE_SEED_DEFAULT_ROLES: 'true' });
  let off: TestServer;
  let offToken: string;
  let orgId: string;
  let simulatorId: string;
  let email: string;

  beforeAll(async () => {
    off = await startTestServer(
      engine,
      { GATEHOUSE_IDP_SIMULATOR: 'off', GATEHOUSE_PUBLIC_URL: on.server.running.url },
      { databaseUrl: on.server.databaseUrl, dataDir: on.server.dataDir },
    );
    offToken = await getToken(off);
    await registerCallbacks(on.server, on.token);
    const call = async (method: string, path: string, json?: unknown) => {
      const res = await rest(on.server, method, path, { token: on.token, json });
      expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
      return res.body;
    };
    orgId = (await call('POST', '/api/v1/organizations', { display_name: `Sim ${unique()}` })).organization
      .id;
    await call('PATCH', `/api/v1/organizations/${orgId}/settings`, {
      features: [{ name: 'sso', enabled: true }],
    });
    simulatorId = (
      await call('POST', `/api/v1/organizations/${orgId}/connections`, {
        provider: 'IDP_SIMULATOR',
        type: 'SAML',
      })
    ).connection.id;
    await call('PATCH', `/api/v1/organizations/${orgId}/connections/${simulatorId}:enable`);
    email = `sim-${unique()}@example.com`;
    await call('POST', `/api/v1/organizations/${orgId}/users`, { email });
  });
  afterAll(async () => {
    await off?.close();
  });

  const connectionCount = async () =>
    Number(
      (
        await on.server.running.ctx.db
          .selectFrom('connections')
          .select((eb) => eb.fn.countAll<string | number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  /** On the instance with the simulator on: the organization's sign-in, through the simulator's form. */
  async function simulatorAnswer() {
    const browser = new Browserish(on.server.url);
    const form = await browser.follow(await browser.get(authorizeUrl(on.server, { organization_id: orgId })));
    expect(form.res.status).toBe(200);
    const html = await form.res.text();
    const posted = await browser.post('/sso/simulator/saml', {
      csrf: field(html, 'csrf'),
      SAMLRequest: field(html, 'SAMLRequest'),
      RelayState: field(html, 'RelayState'),
      email,
      first_name: 'Sim',
      last_name: 'Ulator',
      outcome: 'success',
    });
    expect(posted.status).toBe(200);
    const page = await posted.text();
    const answer = {
      SAMLResponse: hiddenField(page, 'SAMLResponse')!,
      RelayState: hiddenField(page, 'RelayState')!,
    };
    return { browser, answer };
  }

  it('answers 404 on every simulator route, where the instance with it on serves them', async () => {
    for (const [method, path] of [
      ['GET', '/sso/simulator/metadata'],
      ['GET', '/sso/simulator/saml?SAMLRequest=x'],
      ['POST', '/sso/simulator/saml'],
    ] as const) {
      const res = await fetch(`${off.url}${path}`, { method, redirect: 'manual' });
      expect(res.status, `${method} ${path}`).toBe(404);
      // The answer of any unknown path: nothing says a simulator exists here.
      expect(await res.text()).toContain('"error_code":"ROUTE_NOT_FOUND"');
    }
    expect((await fetch(`${on.server.url}/sso/simulator/metadata`)).status).toBe(200);
  });

  it('signs no one in through an existing simulator connection: not routed, and its ACS refuses a signed answer', async () => {
    const browser = new Browserish(off.url, on.server.running.url);
    for (const params of [{ organization_id: orgId }, { connection_id: simulatorId }] as Record<
      string,
      string
    >[]) {
      const page = await browser.follow(await browser.get(authorizeUrl(off, params)));
      expect(page.external).toBeUndefined();
      expect(page.res.status).toBe(200);
      expect(await page.res.text()).toContain('name="email"');
    }
    const { browser: signedIn, answer } = await simulatorAnswer();
    const acs = `/sso/saml/${simulatorId}/acs`;
    const refused = await fetch(`${off.url}${acs}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(answer).toString(),
      redirect: 'manual',
    });
    expect(refused.status).toBe(404);
    expect(await refused.text()).toContain('not available');
    // The same answer at the instance with the simulator on: accepted, through to the application.
    const accepted = await signedIn.post(acs, answer);
    expect(accepted.status).toBe(303);
    const { external } = await signedIn.follow(accepted);
    expect(`${external?.origin}${external?.pathname}`).toBe(CALLBACK);
    expect(external?.searchParams.get('code')).toBeTruthy();
  });

  it('refuses to create an IDP_SIMULATOR connection, and creates nothing', async () => {
    const before = await connectionCount();
    for (const path of [`/api/v1/organizations/${orgId}/connections`, '/api/v1/connections']) {
      const res = await rest(off, 'POST', path, {
        token: offToken,
        json: { provider: 'IDP_SIMULATOR', type: 'SAML' },
      });
      expectRestError(res, 400, 9, 'FAILED_PRECONDITION', /GATEHOUSE_IDP_SIMULATOR=off/);
    }
    expect(await connectionCount()).toBe(before);
    const okta = await rest(off, 'POST', `/api/v1/organizations/${orgId}/connections`, {
      token: offToken,
      json: { provider: 'OKTA', type: 'SAML' },
    });
    expect(okta.status).toBe(200);
    expect(await connectionCount()).toBe(before + 1);
  });

  it('refuses to change a connection to IDP_SIMULATOR, and leaves it as it was', async () => {
    const created = await rest(off, 'POST', `/api/v1/organizations/${orgId}/connections`, {
      token: offToken,
      json: { provider: 'OKTA', type: 'SAML' },
    });
    const path = `/api/v1/organizations/${orgId}/connections/${created.body.connection.id}`;
    const changed = await rest(off, 'PATCH', path, { token: offToken, json: { provider: 'IDP_SIMULATOR' } });
    expectRestError(changed, 400, 9, 'FAILED_PRECONDITION', /GATEHOUSE_IDP_SIMULATOR=off/);
    const after = await rest(off, 'GET', path, { token: offToken });
    expect(after.body.connection.provider).toBe('OKTA');
    const renamed = await rest(off, 'PATCH', path, { token: offToken, json: { provider: 'JUMPCLOUD' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.connection.provider).toBe('JUMPCLOUD');
  });

  it('lets an existing simulator connection be disabled but not enabled again', async () => {
    const path = `/api/v1/organizations/${orgId}/connections/${simulatorId}`;
    expect((await rest(off, 'PATCH', `${path}:disable`, { token: offToken })).status).toBe(200);
    const enabled = await rest(off, 'PATCH', `${path}:enable`, { token: offToken });
    expectRestError(enabled, 400, 9, 'FAILED_PRECONDITION', /GATEHOUSE_IDP_SIMULATOR=off/);
    expect((await rest(off, 'GET', path, { token: offToken })).body.connection.enabled).toBe(false);
    expect((await rest(on.server, 'PATCH', `${path}:enable`, { token: on.token })).status).toBe(200);
  });
});
