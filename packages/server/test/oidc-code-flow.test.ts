// The OpenID provider against an independent relying party (openid-client): discovery, the code
// flow with PKCE, the tokens' claims, userinfo, refresh rotation, revocation and logout.
import * as oidc from 'openid-client';
import { decodeJwt } from 'jose';
import { beforeAll, expect, it } from 'vitest';
import { CALLBACK, AFTER_LOGOUT, person, registerCallbacks, type Person } from './helpers/app-login.ts';
import { action, Browserish, continuePasswordLogin, field } from './helpers/login.ts';
import { describeEachEngine, useServer } from './helpers/servers.ts';

describeEachEngine('OpenID provider with openid-client', (engine) => {
  const handle = useServer(engine, { GATEHOUSE_SEED_DEFAULT_ROLES: 'true' });
  let config: oidc.Configuration;
  let alice: Person;

  beforeAll(async () => {
    await registerCallbacks(handle.server, handle.token);
    config = await oidc.discovery(
      new URL(handle.server.url),
      handle.server.clientId,
      handle.server.clientSecret,
      undefined,
      {
        execute: [oidc.allowInsecureRequests],
      },
    );
    alice = await person(handle.server, handle.token, { roles: ['admin'] });
  });

  async function signIn(scope = 'openid profile email offline_access', who: Person = alice) {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK,
      scope,
      state,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const { browser, external } = await continuePasswordLogin(
      new Browserish(handle.server.url),
      url.toString(),
      who.email,
      who.password,
    );
    expect(external?.origin + (external?.pathname ?? '')).toBe(CALLBACK);
    return { browser, callback: external as URL, verifier, state };
  }

  /** A new authorization in this browser shows the sign-in page instead of returning a code. */
  async function expectAskedToSignIn(browser: Browserish) {
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    const again = await browser.follow(await browser.get(url.toString()));
    expect(again.external).toBeUndefined();
    expect(action(await again.res.text(), 'email')).toContain('/interaction/');
  }

  it('publishes discovery with S256 only, under both well-known names', async () => {
    const meta = config.serverMetadata();
    expect(meta.issuer).toBe(handle.server.url);
    expect(meta.authorization_endpoint).toBe(`${handle.server.url}/oauth/authorize`);
    expect(meta.token_endpoint).toBe(`${handle.server.url}/oauth/token`);
    expect(meta.userinfo_endpoint).toBe(`${handle.server.url}/userinfo`);
    expect(meta.end_session_endpoint).toBe(`${handle.server.url}/oidc/logout`);
    expect(meta.jwks_uri).toBe(`${handle.server.url}/keys`);
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
    expect(meta.response_types_supported).toEqual(['code']);
    const oauth = (await (
      await fetch(`${handle.server.url}/.well-known/oauth-authorization-server`)
    ).json()) as Record<string, unknown>;
    expect(oauth.issuer).toBe(handle.server.url);
    expect(oauth.token_endpoint).toBe(meta.token_endpoint);
  });

  it('runs the code flow with PKCE and issues tokens carrying the session, organization, roles and permissions', async () => {
    const { callback, verifier, state } = await signIn();
    expect(callback.searchParams.get('iss')).toBe(handle.server.url);
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    const id = tokens.claims();
    expect(id?.sub).toBe(alice.userId);
    expect(id?.email).toBe(alice.email);
    expect(id?.amr).toEqual(['pwd']);
    const access = decodeJwt(tokens.access_token);
    expect(access.sub).toBe(alice.userId);
    expect(access.client_id).toBe(handle.server.clientId);
    expect(access.aud).toBe(handle.server.clientId);
    expect(access.oid).toBe(alice.organizationIds[0]);
    expect(String(access.sid)).toMatch(/^ses_/);
    expect(access.roles).toEqual(['admin']);
    expect(Array.isArray(access.permissions)).toBe(true);
    expect(tokens.refresh_token).toBeTruthy();

    const info = await oidc.fetchUserInfo(config, tokens.access_token, alice.userId);
    expect(info.email).toBe(alice.email);
    expect(info.oid).toBe(alice.organizationIds[0]);
  });

  it('rotates refresh tokens and revokes the family when a used one comes back', async () => {
    const { callback, verifier, state } = await signIn();
    const first = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    const second = await oidc.refreshTokenGrant(config, first.refresh_token as string);
    expect(second.refresh_token).toBeTruthy();
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(decodeJwt(second.access_token).oid).toBe(alice.organizationIds[0]);
    await expect(oidc.refreshTokenGrant(config, first.refresh_token as string)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    // The reuse revoked the whole family: the newest token is dead too.
    await expect(oidc.refreshTokenGrant(config, second.refresh_token as string)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('refuses a replayed code and revokes what it issued', async () => {
    const { callback, verifier, state } = await signIn();
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    await expect(
      oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token as string)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('refuses a wrong or missing PKCE verifier', async () => {
    const wrong = await signIn();
    await expect(
      oidc.authorizationCodeGrant(config, wrong.callback, {
        pkceCodeVerifier: oidc.randomPKCECodeVerifier(),
        expectedState: wrong.state,
      }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
    const missing = await signIn();
    const res = await fetch(`${handle.server.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: missing.callback.searchParams.get('code') ?? '',
        redirect_uri: CALLBACK,
        client_id: handle.server.clientId,
        client_secret: handle.server.clientSecret,
      }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_grant');
  });

  it('revoking the session through SessionService ends its refresh tokens and the browser sign-in', async () => {
    const { browser, callback, verifier, state } = await signIn();
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    const sid = String(decodeJwt(tokens.access_token).sid);
    const details = await fetch(`${handle.server.url}/api/v1/sessions/${sid}`, {
      headers: { authorization: `Bearer ${handle.token}` },
    });
    expect(details.status).toBe(200);
    const revoked = await fetch(`${handle.server.url}/api/v1/sessions/${sid}/revoke`, {
      method: 'POST',
      headers: { authorization: `Bearer ${handle.token}` },
    });
    expect(revoked.status).toBe(200);
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token as string)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    await expectAskedToSignIn(browser);
  });

  it('logs out through /oidc/logout: the session ends and its refresh tokens stop working', async () => {
    const { browser, callback, verifier, state } = await signIn();
    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    const logoutUrl = oidc.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token as string,
      post_logout_redirect_uri: AFTER_LOGOUT,
    });
    const confirm = await browser.get(logoutUrl.toString());
    expect(confirm.status).toBe(200);
    const page = await confirm.text();
    const done = await browser.follow(
      await browser.post(new URL(/action="([^"]+)"/.exec(page)?.[1] ?? '', handle.server.url).pathname, {
        xsrf: field(page, 'xsrf'),
        logout: 'yes',
      }),
    );
    expect(done.external?.toString()).toBe(AFTER_LOGOUT);
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token as string)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    const info = await fetch(`${handle.server.url}/userinfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(info.status).toBe(401);
    // The browser must sign in again.
    await expectAskedToSignIn(browser);
  });
});
