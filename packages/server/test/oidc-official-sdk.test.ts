// The documented full-stack flow with the official Scalekit SDK: getAuthorizationUrl → hosted page
// → authenticateWithCode → validateToken / validateAccessToken → refreshAccessToken → getLogoutUrl.
import { Scalekit } from '@scalekit-sdk/node';
import { beforeAll, expect, it } from 'vitest';
import { AFTER_LOGOUT, CALLBACK, person, registerCallbacks, type Person } from './helpers/app-login.ts';
import { Browserish, continuePasswordLogin } from './helpers/login.ts';
import { describeEachEngine, useServer } from './helpers/servers.ts';

describeEachEngine('full-stack auth with the official SDK', (engine) => {
  const handle = useServer(engine, { GATEHOUSE_SEED_DEFAULT_ROLES: 'true' });
  let scalekit: Scalekit;
  let bob: Person;

  beforeAll(async () => {
    await registerCallbacks(handle.server, handle.token);
    scalekit = new Scalekit(handle.server.url, handle.server.clientId, handle.server.clientSecret);
    bob = await person(handle.server, handle.token, { roles: ['member'] });
  });

  async function codeFor(who: Person, options: Record<string, unknown> = {}) {
    const url = scalekit.getAuthorizationUrl(CALLBACK, {
      scopes: ['openid', 'profile', 'email', 'offline_access'],
      state: 'st-1',
      ...options,
    });
    expect(url.startsWith(`${handle.server.url}/oauth/authorize?`)).toBe(true);
    const { external, browser } = await continuePasswordLogin(
      new Browserish(handle.server.url),
      url,
      who.email,
      who.password,
    );
    expect(external?.searchParams.get('state')).toBe('st-1');
    return { code: external?.searchParams.get('code') ?? '', browser };
  }

  it('authenticateWithCode returns the user, ID token, access token, refresh token and expiry', async () => {
    const { code } = await codeFor(bob);
    const result = await scalekit.authenticateWithCode(code, CALLBACK);
    expect(result.user.id).toBe(bob.userId);
    expect(result.user.email).toBe(bob.email);
    expect(result.idToken).toBeTruthy();
    expect(result.refreshToken).toBeTruthy();
    expect(result.expiresIn).toBeGreaterThan(0);

    const claims = await scalekit.validateToken<Record<string, unknown>>(result.accessToken, {
      issuer: handle.server.url,
      audience: [handle.server.clientId],
    });
    expect(claims.sub).toBe(bob.userId);
    expect(claims.oid).toBe(bob.organizationIds[0]);
    expect(claims.roles).toEqual(['member']);
    expect(await scalekit.validateAccessToken(result.accessToken)).toBe(true);
    expect(await scalekit.validateAccessToken(`${result.accessToken.slice(0, -4)}AAAA`)).toBe(false);
    const idClaims = await scalekit.validateToken<Record<string, unknown>>(result.idToken);
    expect(idClaims.email).toBe(bob.email);

    const refreshed = await scalekit.refreshAccessToken(result.refreshToken);
    expect(refreshed.refreshToken).not.toBe(result.refreshToken);
    expect(await scalekit.validateAccessToken(refreshed.accessToken)).toBe(true);
  });

  it('getLogoutUrl ends the session at /oidc/logout and returns to the registered page', async () => {
    const { code, browser } = await codeFor(bob);
    const result = await scalekit.authenticateWithCode(code, CALLBACK);
    const logoutUrl = scalekit.getLogoutUrl({
      idTokenHint: result.idToken,
      postLogoutRedirectUri: AFTER_LOGOUT,
    });
    expect(logoutUrl.startsWith(`${handle.server.url}/oidc/logout?`)).toBe(true);
    const confirm = await browser.get(logoutUrl);
    const page = await confirm.text();
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const done = await browser.follow(await browser.post('/oidc/logout/confirm', { xsrf, logout: 'yes' }));
    expect(done.external?.toString()).toBe(AFTER_LOGOUT);
    await expect(scalekit.refreshAccessToken(result.refreshToken)).rejects.toThrow();
  });

  it('refuses a code exchanged with another redirect URI or a wrong secret', async () => {
    const { code } = await codeFor(bob);
    await expect(scalekit.authenticateWithCode(code, `${CALLBACK}/other`)).rejects.toThrow();
    const { code: second } = await codeFor(bob);
    const impostor = new Scalekit(handle.server.url, handle.server.clientId, 'not-the-secret-at-all-0000');
    await expect(impostor.authenticateWithCode(second, CALLBACK)).rejects.toThrow();
  });
});
