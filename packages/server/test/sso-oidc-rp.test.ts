// The OIDC relying party against an independent OpenID provider (a second oidc-provider instance on
// a loopback port): the full authorization code flow with PKCE, claims out, userinfo only when the
// ID token lacks an email, and the login store on every engine.
import { afterAll, expect, it } from 'vitest';
import { sha256 } from '../src/sso/oidc/oidc-login-store.ts';
import { finish, loginAtIdp, oidcFixture, type OidcFixture } from './helpers/oidc-rp.ts';
import { describeEachEngine, useServer } from './helpers/servers.ts';

describeEachEngine('OIDC relying party', (engine) => {
  const ctx = useServer(engine);
  const db = () => ctx.server.running.ctx.db;
  const fixtures: OidcFixture[] = [];
  const fixture = async (options?: Parameters<typeof oidcFixture>[1]) => {
    const f = await oidcFixture(ctx.server, options);
    fixtures.push(f);
    return f;
  };
  afterAll(async () => {
    await Promise.all(fixtures.map((f) => f.idp.close()));
  });

  it('runs the code flow with PKCE to the IdP and hands back validated claims', async () => {
    const f = await fixture();
    const { redirectUrl, browserBinding, callbackUrl } = await loginAtIdp(f);
    const sent = new URL(redirectUrl);
    expect(sent.origin + sent.pathname).toBe(`${f.idp.issuer}/auth`);
    expect(Object.fromEntries(sent.searchParams)).toMatchObject({
      client_id: f.idp.clientId,
      redirect_uri: f.redirectUri,
      response_type: 'code',
      scope: 'openid profile email',
      code_challenge_method: 'S256',
    });
    const state = sent.searchParams.get('state') as string;
    expect(sent.searchParams.get('nonce')).toMatch(/^[\w-]{32,}$/);
    expect(sent.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);

    const login = await finish(f, callbackUrl, browserBinding);
    expect(login.relayState).toBe('relay-1');
    expect(login.claims).toMatchObject({
      sub: 'idp-user-ada',
      iss: f.idp.issuer,
      email: 'ada@example.com',
      email_verified: true,
      given_name: 'Ada',
      family_name: 'Lovelace',
      name: 'Ada Lovelace',
    });
    // A conforming IdP puts scope claims in userinfo only, so userinfo was asked.
    expect(f.idp.requests).toContain('/me');
    // The ID token's signature was checked against the IdP's keys, not taken on TLS's word.
    expect(f.idp.requests).toContain('/jwks');

    // Only hashes of the state and the browser binding are stored, and the login is consumed.
    const row = await db()
      .selectFrom('oidc_login_requests')
      .selectAll()
      .where('connection_id', '=', f.connection.id)
      .executeTakeFirstOrThrow();
    expect(row.state_hash).toBe(sha256(state));
    expect(row.browser_binding_hash).toBe(sha256(browserBinding));
    expect(row.code_verifier_sealed).not.toContain(sent.searchParams.get('code_challenge'));
    expect(row.consumed_at).not.toBeNull();
  });

  it('does not call userinfo when the ID token carries the email', async () => {
    const f = await fixture({ emailInIdToken: true });
    f.idp.next = {
      account: { sub: 'idp-user-grace', claims: { email: 'grace@example.com', email_verified: 'true' } },
    };
    const { browserBinding, callbackUrl } = await loginAtIdp(f);
    const login = await finish(f, callbackUrl, browserBinding);
    expect(login.claims).toMatchObject({
      sub: 'idp-user-grace',
      email: 'grace@example.com',
      email_verified: true,
    });
    expect(f.idp.requests).not.toContain('/me');
  });

  it('asks for the scopes the connection names and hands groups on', async () => {
    const f = await fixture({ overrides: () => ({ scopes: ['openid', 'email', 'groups'] }) });
    const { redirectUrl, browserBinding, callbackUrl } = await loginAtIdp(f);
    expect(new URL(redirectUrl).searchParams.get('scope')).toBe('openid email groups');
    const login = await finish(f, callbackUrl, browserBinding);
    expect(login.claims.groups).toEqual(['admins', 'eng']);
  });

  it('discovers the IdP once per connection and reuses it', async () => {
    const f = await fixture();
    await loginAtIdp(f);
    await loginAtIdp(f);
    expect(f.idp.requests.filter((p) => p === '/.well-known/openid-configuration')).toHaveLength(1);
  });
});
