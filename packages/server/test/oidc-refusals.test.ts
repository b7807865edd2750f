// RFC 9700's refusals, each an attack the provider must turn away: redirect URIs that are not
// registered exactly (never redirected to), the implicit flow, the password grant, PKCE's plain
// method, and forged person tokens at /userinfo and the management API. Plus a flow begun on one
// instance and finished on another.
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { decodeJwt, exportSPKI, importJWK, SignJWT, type JWK } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.ts';
import { CALLBACK, person, registerCallbacks, type Person } from './helpers/app-login.ts';
import { Browserish, continuePasswordLogin } from './helpers/login.ts';
import { describeEachEngine, useServer } from './helpers/servers.ts';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describeEachEngine('OpenID provider refusals', (engine) => {
  const handle = useServer(engine);
  let carol: Person;
  let verifier: string;
  let challenge: string;

  beforeAll(async () => {
    await registerCallbacks(handle.server, handle.token);
    carol = await person(handle.server, handle.token);
    verifier = oidc.randomPKCECodeVerifier();
    challenge = await oidc.calculatePKCECodeChallenge(verifier);
  });

  function authorize(params: Record<string, string>): string {
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: handle.server.clientId,
      redirect_uri: CALLBACK,
      scope: 'openid email',
      state: 's',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      ...params,
    });
    return `${handle.server.url}/oauth/authorize?${query}`;
  }

  it.each([
    ['an unregistered host', 'https://evil.example/auth/callback'],
    ['a longer path', `${CALLBACK}/more`],
    ['an added query', `${CALLBACK}?next=https://evil.example`],
    ['a trailing slash', `${CALLBACK}/`],
    ['another port', CALLBACK.replace('4010', '4011')],
    ['https instead of http', CALLBACK.replace('http:', 'https:')],
  ])('never redirects to %s', async (_what, redirect) => {
    const res = await fetch(authorize({ redirect_uri: redirect }), { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toMatch(/redirect_uri/);
  });

  it('refuses the implicit flow (response_type=token) without issuing a token', async () => {
    const res = await fetch(authorize({ response_type: 'token' }), { redirect: 'manual' });
    const location = res.headers.get('location') ?? '';
    expect(location).not.toMatch(/access_token/);
    const answer = new URL(location);
    const error = answer.searchParams.get('error') ?? new URLSearchParams(answer.hash.slice(1)).get('error');
    expect(error).toBe('unsupported_response_type');
  });

  it('refuses PKCE with the plain method', async () => {
    const res = await fetch(authorize({ code_challenge: verifier, code_challenge_method: 'plain' }), {
      redirect: 'manual',
    });
    const location = new URL(res.headers.get('location') ?? 'http://x/');
    expect(location.searchParams.get('error')).toBe('invalid_request');
  });

  it('refuses the password grant', async () => {
    const res = await fetch(`${handle.server.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'password',
        username: carol.email,
        password: carol.password,
        client_id: handle.server.clientId,
        client_secret: handle.server.clientSecret,
      }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('unsupported_grant_type');
  });

  it('refuses forged person tokens at /userinfo and keeps real ones off the management API', async () => {
    const { external } = await continuePasswordLogin(
      new Browserish(handle.server.url),
      authorize({}),
      carol.email,
      carol.password,
    );
    const tokenRes = await fetch(`${handle.server.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: external?.searchParams.get('code') ?? '',
        redirect_uri: CALLBACK,
        code_verifier: verifier,
        client_id: handle.server.clientId,
        client_secret: handle.server.clientSecret,
      }),
    });
    const { access_token: token } = (await tokenRes.json()) as { access_token: string };
    const userinfo = (bearer: string) =>
      fetch(`${handle.server.url}/userinfo`, { headers: { authorization: `Bearer ${bearer}` } });
    expect((await userinfo(token)).status).toBe(200);

    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = decodeJwt(token);
    const kid = JSON.parse(Buffer.from(header, 'base64url').toString()).kid as string;
    const jwks = (await (await fetch(`${handle.server.url}/keys`)).json()) as { keys: JWK[] };
    const pem = await exportSPKI((await importJWK(jwks.keys[0]!, 'RS256', { extractable: true })) as never);
    const hs256 = `${b64url({ alg: 'HS256', kid, typ: 'at+jwt' })}.${payload}`;
    const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const forged = [
      `${header}.${b64url({ ...claims, sub: 'usr_someone_else' })}.${signature}`,
      `${b64url({ alg: 'none', kid, typ: 'at+jwt' })}.${payload}.`,
      `${hs256}.${createHmac('sha256', pem).update(hs256).digest('base64url')}`,
      await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid, typ: 'at+jwt' }).sign(attacker),
      `${header}.${payload}.`,
    ];
    for (const bad of forged) expect((await userinfo(bad)).status).toBe(401);

    const api = await fetch(`${handle.server.url}/api/v1/organizations`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(api.status).toBe(401);
  });
});

describeEachEngine('a sign-in begun on one instance and finished on another', (engine) => {
  const handle = useServer(engine);
  let second: TestServer;

  beforeAll(async () => {
    await registerCallbacks(handle.server, handle.token);
    second = await startTestServer(engine, { GATEHOUSE_PUBLIC_URL: handle.server.url }, handle.server);
  });
  afterAll(async () => {
    await second?.close();
  });

  it('continues the interaction, exchanges the code and refreshes across instances', async () => {
    const dave = await person(handle.server, handle.token);
    const config = await oidc.discovery(
      new URL(handle.server.url),
      handle.server.clientId,
      handle.server.clientSecret,
      undefined,
      {
        execute: [oidc.allowInsecureRequests],
      },
    );
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: CALLBACK,
      scope: 'openid email offline_access',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    // The authorization request goes to the first instance; every later request to the second.
    const browser = new Browserish(handle.server.url);
    const first = await browser.get(url.toString());
    expect(first.status).toBe(303);
    const other = new Browserish(second.url, handle.server.url);
    for (const line of first.headers.getSetCookie())
      other.jar.take(new Response(null, { headers: { 'set-cookie': line } }));
    const location = new URL(first.headers.get('location') ?? '', handle.server.url);
    const { external } = await continuePasswordLogin(
      other,
      `${location.pathname}${location.search}`,
      dave.email,
      dave.password,
    );
    expect(external?.searchParams.get('code')).toBeTruthy();
    const secondConfig = await oidc.discovery(
      new URL(handle.server.url),
      handle.server.clientId,
      handle.server.clientSecret,
      undefined,
      {
        execute: [oidc.allowInsecureRequests],
      },
    );
    const tokens = await oidc.authorizationCodeGrant(secondConfig, external as URL, {
      pkceCodeVerifier: verifier,
    });
    expect(tokens.claims()?.sub).toBe(dave.userId);
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token as string);
    expect(decodeJwt(refreshed.access_token).sub).toBe(dave.userId);
  });
});
