// What AuthService refuses: calls with no sign-in, with forged or borrowed cookies, from another
// site, as a form post, and management tokens in place of a sign-in; and what the sign-in cookie
// cannot do: call any management method. Over REST and Connect.
import { beforeAll, expect, it } from 'vitest';
import { registerCallbacks } from './helpers/app-login.ts';
import { expectRestError, rest } from './helpers/rest.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';
import { apiCookies, AUTH, authCall, startSignIn } from './helpers/sign-in-api.ts';

const CONNECT_STATE = '/scalekit.v1.auth.AuthService/GetAuthState';
const CONNECT_DISCOVERY = '/scalekit.v1.auth.AuthService/DiscoveryAuthMethod';

describeEachEngine('AuthService refusals', (engine) => {
  const handle = useServer(engine);

  beforeAll(async () => {
    await registerCallbacks(handle.server, handle.token);
  });

  /** The value of one cookie in the browser's jar. */
  function cookie(header: string, name: string): string {
    const pair = header.split('; ').find((p) => p.startsWith(`${name}=`));
    if (!pair) throw new Error(`no cookie ${name}`);
    return pair.slice(name.length + 1);
  }

  const NEEDS_SIGN_IN = [
    ['GET', AUTH.state, undefined],
    ['GET', AUTH.organizations, undefined],
    ['POST', AUTH.discovery, { email: 'a@example.com' }],
    ['POST', AUTH.verify, { code_challenge: '123456' }],
    ['POST', AUTH.resend, {}],
    ['POST', AUTH.signup, { organization_name: 'Evil' }],
  ] as const;

  it('answers UNAUTHENTICATED without a sign-in cookie, even with a management token', async () => {
    for (const [method, path, body] of NEEDS_SIGN_IN) {
      expectRestError(
        await authCall(handle.server, undefined, method, path, body),
        401,
        16,
        'UNAUTHENTICATED',
        /no sign-in/,
      );
      const withToken = await authCall(handle.server, undefined, method, path, body, {
        headers: { authorization: `Bearer ${handle.token}` },
      });
      expectRestError(withToken, 401, 16, 'UNAUTHENTICATED', /no sign-in/);
    }
  });

  it('refuses forged cookies: an unsigned id, a wrong signature, the provider interaction cookie', async () => {
    const { browser, uid } = await startSignIn(handle.server);
    const jar = browser.jar.header();
    const signature = cookie(jar, '_gatehouse_signin.sig');
    const interactionSignature = cookie(jar, '_interaction.sig');
    const forged = [
      `_gatehouse_signin=${uid}`,
      `_gatehouse_signin=${uid}; _gatehouse_signin.sig=${signature.slice(0, -2)}xx`,
      `_gatehouse_signin=${uid}x; _gatehouse_signin.sig=${signature}`,
      `_gatehouse_signin=${uid}; _gatehouse_signin.sig=${interactionSignature}`,
      `_interaction=${uid}; _interaction.sig=${interactionSignature}`,
    ];
    for (const header of forged) {
      const res = await authCall(handle.server, undefined, 'GET', AUTH.state, undefined, {
        headers: { cookie: header },
      });
      expectRestError(res, 401, 16, 'UNAUTHENTICATED');
    }
    const genuine = await authCall(handle.server, browser, 'GET', AUTH.state);
    expect(genuine.status).toBe(200);
  });

  it('keeps each browser to its own sign-in', async () => {
    const a = await startSignIn(handle.server);
    const b = await startSignIn(handle.server);
    await authCall(handle.server, a.browser, 'POST', AUTH.discovery, { email: 'a@example.com' });
    await authCall(handle.server, b.browser, 'POST', AUTH.discovery, { email: 'b@example.com' });
    expect((await authCall(handle.server, a.browser, 'GET', AUTH.state)).body.user.email).toBe(
      'a@example.com',
    );
    expect((await authCall(handle.server, b.browser, 'GET', AUTH.state)).body.user.email).toBe(
      'b@example.com',
    );
    // B's path-scoped provider cookies with A's sign-in cookie still name A's sign-in only.
    const mixed = `${apiCookies(a.browser)}; _interaction=${b.uid}; _interaction.sig=${cookie(b.browser.jar.header(), '_interaction.sig')}`;
    const state = await authCall(handle.server, undefined, 'GET', AUTH.state, undefined, {
      headers: { cookie: mixed },
    });
    expect(state.body.user.email).toBe('a@example.com');
  });

  it('refuses a sign-in that has ended', async () => {
    const { browser, uid, html } = await startSignIn(handle.server);
    const csrf = /name="csrf"[^>]*value="([^"]+)"/.exec(html)?.[1] ?? '';
    await browser.follow(await browser.post(`/interaction/${uid}/abort`, { csrf }));
    expectRestError(await authCall(handle.server, browser, 'GET', AUTH.state), 401, 16, 'UNAUTHENTICATED');
  });

  it('refuses cross-site calls: another Origin, a form content type, no content type', async () => {
    const { browser } = await startSignIn(handle.server);
    const email = `victim-${unique()}@example.com`;
    const attempts = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: `${handle.server.url}.evil.example` },
    ];
    for (const headers of attempts) {
      const res = await authCall(handle.server, browser, 'POST', AUTH.discovery, { email }, { headers });
      expectRestError(res, 403, 7, 'PERMISSION_DENIED', /cross-site/);
      expectRestError(
        await authCall(handle.server, browser, 'GET', AUTH.state, undefined, { headers }),
        403,
        7,
        'PERMISSION_DENIED',
      );
    }
    for (const type of [
      'application/x-www-form-urlencoded',
      'text/plain',
      'multipart/form-data; boundary=x',
      null,
    ]) {
      const raw =
        type === 'application/x-www-form-urlencoded'
          ? `email=${encodeURIComponent(email)}`
          : JSON.stringify({ email });
      for (const origin of [new URL(handle.server.url).origin, null]) {
        const res = await authCall(handle.server, browser, 'POST', AUTH.discovery, undefined, {
          raw,
          headers: { 'content-type': type, origin },
        });
        expectRestError(res, 403, 7, 'PERMISSION_DENIED', /application\/json/);
      }
    }
    const logout = await authCall(
      handle.server,
      browser,
      'POST',
      AUTH.logout,
      {},
      { headers: { origin: 'https://evil.example' } },
    );
    expectRestError(logout, 403, 7, 'PERMISSION_DENIED');
    // Nothing was remembered by any of them.
    expect((await authCall(handle.server, browser, 'GET', AUTH.state)).body.user).toBeUndefined();
    // Same-origin JSON without an Origin header (a non-browser client) is accepted.
    const plain = await authCall(
      handle.server,
      browser,
      'POST',
      AUTH.discovery,
      { email },
      { headers: { origin: null } },
    );
    expect(plain.status).toBe(200);
  });

  it('gives the sign-in cookie no access to management methods', async () => {
    const { browser } = await startSignIn(handle.server);
    const cookies = apiCookies(browser);
    const listed = await rest(handle.server, 'GET', '/api/v1/organizations', {
      headers: { cookie: cookies },
    });
    expectRestError(listed, 401, 16, 'UNAUTHENTICATED');
    const created = await rest(handle.server, 'POST', '/api/v1/organizations', {
      headers: { cookie: cookies, origin: new URL(handle.server.url).origin },
      json: { display_name: 'Through a cookie' },
    });
    expectRestError(created, 401, 16, 'UNAUTHENTICATED');
    const connect = await fetch(
      `${handle.server.url}/scalekit.v1.organizations.OrganizationService/ListOrganization`,
      {
        method: 'POST',
        headers: { cookie: cookies, 'content-type': 'application/json' },
        body: '{}',
      },
    );
    expect(connect.status).toBe(401);
    expect(await connect.json()).toMatchObject({ code: 'unauthenticated' });
  });

  it('serves the same methods over Connect JSON with the same rules', async () => {
    const { browser } = await startSignIn(handle.server, { login_hint: 'hint@example.com' });
    const call = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      fetch(`${handle.server.url}${path}`, {
        method: 'POST',
        headers: { cookie: apiCookies(browser), 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const state = await call(CONNECT_STATE, {});
    expect(state.status).toBe(200);
    expect(await state.json()).toEqual({
      authState: 'AUTHENTICATION_IN_PROGRESS',
      loginHint: 'hint@example.com',
    });
    const found = await call(CONNECT_DISCOVERY, { discoveryRequest: { email: 'c@example.com' } });
    expect(found.status).toBe(200);
    expect((await found.json()).authMethod.connectionType).toBe('PASSWORD');

    const crossSite = await call(
      CONNECT_DISCOVERY,
      { discoveryRequest: { email: 'd@example.com' } },
      { origin: 'https://evil.example' },
    );
    expect(crossSite.status).toBe(403);
    expect(await crossSite.json()).toMatchObject({ code: 'permission_denied' });
    const asText = await call(
      CONNECT_DISCOVERY,
      { discoveryRequest: { email: 'd@example.com' } },
      { 'content-type': 'text/plain' },
    );
    expect(asText.status).not.toBe(200);
    const noCookie = await fetch(`${handle.server.url}${CONNECT_STATE}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(noCookie.status).toBe(401);
    expect(((await (await call(CONNECT_STATE, {})).json()) as { user: { email: string } }).user.email).toBe(
      'c@example.com',
    );
  });
});
