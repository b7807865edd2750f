// What the OIDC relying party must refuse, each against a real IdP (a second oidc-provider instance):
// replayed and concurrent callbacks, a state from another browser, connection or nowhere, an expired
// state, a code obtained with another nonce or PKCE challenge, an IdP error, a mixed-up issuer, an
// ID token modified or re-signed on its way, and an IdP at a private address when that is not allowed.
import { SignJWT, decodeJwt, decodeProtectedHeader, generateKeyPair } from 'jose';
import { afterAll, expect, it } from 'vitest';
import { sha256 } from '../src/sso/oidc/oidc-login-store.ts';
import { isoNow } from '../src/util/time.ts';
import {
  connectionFor,
  finish,
  loginAtIdp,
  oidcFixture,
  outcome,
  relyingParty,
  startTokenTamperer,
  type OidcFixture,
} from './helpers/oidc-rp.ts';
import { describeEachEngine, useServer } from './helpers/servers.ts';

describeEachEngine('OIDC relying party refusals', (engine) => {
  const ctx = useServer(engine);
  const db = () => ctx.server.running.ctx.db;
  const closers: Array<() => Promise<void>> = [];
  const fixture = async (options?: Parameters<typeof oidcFixture>[1]) => {
    const f = await oidcFixture(ctx.server, options);
    closers.push(() => f.idp.close());
    return f;
  };
  afterAll(async () => {
    await Promise.all(closers.map((close) => close()));
  });

  it('refuses a replayed callback, and lets one of two concurrent callbacks through', async () => {
    const f = await fixture();
    const { browserBinding, callbackUrl } = await loginAtIdp(f);
    await finish(f, callbackUrl, browserBinding);
    expect(await outcome(finish(f, callbackUrl, browserBinding))).toBe('replayed');

    const second = await loginAtIdp(f);
    const results = await Promise.all([
      outcome(finish(f, second.callbackUrl, second.browserBinding)),
      outcome(finish(f, second.callbackUrl, second.browserBinding)),
    ]);
    expect(results.sort()).toEqual(['accepted', 'replayed']);
  });

  it('refuses a callback carried into another browser, without burning the real login', async () => {
    const f = await fixture();
    const { browserBinding, callbackUrl } = await loginAtIdp(f);
    expect(await outcome(finish(f, callbackUrl, 'attacker-browser-binding'))).toBe('browser_mismatch');
    expect(await outcome(finish(f, callbackUrl, browserBinding))).toBe('accepted');
  });

  it('refuses a state issued for another connection, a forged state and a missing one', async () => {
    const f = await fixture();
    const { browserBinding, callbackUrl } = await loginAtIdp(f);
    const other = { ...f, connection: connectionFor(ctx.server, 'conn_other', f.idp) };
    expect(await outcome(finish(other, callbackUrl, browserBinding))).toBe('unknown_state');
    const forged = new URL(callbackUrl);
    forged.searchParams.set('state', 'forged-state');
    expect(await outcome(finish(f, forged.href, browserBinding))).toBe('unknown_state');
    forged.searchParams.delete('state');
    expect(await outcome(finish(f, forged.href, browserBinding))).toBe('unknown_state');
    // Two states in one callback: refused rather than picking one.
    const doubled = new URL(callbackUrl);
    doubled.searchParams.append('state', 'another');
    expect(await outcome(finish(f, doubled.href, browserBinding))).toBe('unknown_state');
    // None of that consumed the real login.
    expect(await outcome(finish(f, callbackUrl, browserBinding))).toBe('accepted');
  });

  it('refuses an expired state', async () => {
    const f = await fixture();
    const { redirectUrl, browserBinding, callbackUrl } = await loginAtIdp(f);
    const state = new URL(redirectUrl).searchParams.get('state') as string;
    await db()
      .updateTable('oidc_login_requests')
      .set({ expires_at: isoNow() })
      .where('state_hash', '=', sha256(state))
      .execute();
    expect(await outcome(finish(f, callbackUrl, browserBinding))).toBe('expired');
  });

  it('refuses a code obtained with another nonce', async () => {
    const f = await fixture();
    const { browserBinding, callbackUrl } = await loginAtIdp(f, (url) =>
      url.searchParams.set('nonce', 'nonce-chosen-by-an-attacker-0123456789'),
    );
    expect(await outcome(finish(f, callbackUrl, browserBinding))).toBe('wrong_nonce');
  });

  it('refuses a code obtained with another PKCE challenge (the IdP refuses our verifier)', async () => {
    const f = await fixture();
    const { browserBinding, callbackUrl } = await loginAtIdp(f, (url) =>
      url.searchParams.set('code_challenge', 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'),
    );
    expect(await outcome(finish(f, callbackUrl, browserBinding))).toBe('token_exchange_failed');
  });

  it('refuses an IdP error response, naming the error, and consumes the state', async () => {
    const f = await fixture();
    f.idp.next = { error: 'access_denied' };
    const { browserBinding, callbackUrl } = await loginAtIdp(f);
    expect(new URL(callbackUrl).searchParams.get('error')).toBe('access_denied');
    const refused = await finish(f, callbackUrl, browserBinding).catch((e: unknown) => e);
    expect(refused).toMatchObject({ reason: 'idp_error', idpError: 'access_denied' });
    expect(await outcome(finish(f, callbackUrl, browserBinding))).toBe('replayed');
  });

  it('refuses a callback whose iss names another issuer (mix-up)', async () => {
    const f = await fixture();
    const { browserBinding, callbackUrl } = await loginAtIdp(f);
    const mixed = new URL(callbackUrl);
    expect(mixed.searchParams.get('iss')).toBe(f.idp.issuer);
    mixed.searchParams.set('iss', 'https://evil.example.com');
    expect(await outcome(finish(f, mixed.href, browserBinding))).toBe('wrong_issuer');
  });

  it('refuses an IdP whose discovery document names another issuer', async () => {
    // Served by the same IdP under another name: its document says 127.0.0.1, the connection localhost.
    const f = await fixture({ overrides: (idp) => ({ issuer: `http://localhost:${idp.port}` }) });
    expect(await outcome(f.rp.startOidcLogin(db(), f.connection, null))).toBe('wrong_issuer');
  });

  it('refuses an ID token modified after signing', async () => {
    const f = await fixture({ emailInIdToken: true });
    const tamperer = await startTokenTamperer(f.idp, (idToken) => {
      const [header, , signature] = idToken.split('.');
      const claims = { ...decodeJwt(idToken), email: 'mallory@example.com' };
      return [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
    });
    closers.push(tamperer.close);
    const g = {
      ...f,
      connection: connectionFor(ctx.server, f.connection.id, f.idp, byHand(f, tamperer.tokenUrl)),
    };
    const { browserBinding, callbackUrl } = await loginAtIdp(g);
    expect(await outcome(finish(g, callbackUrl, browserBinding))).toBe('invalid_id_token');
  });

  it('refuses an ID token re-signed with another key under the IdP key id, and an unsigned one', async () => {
    const f = await fixture({ emailInIdToken: true });
    const { privateKey } = await generateKeyPair('RS256');
    const resign = await startTokenTamperer(f.idp, (idToken) =>
      new SignJWT({ ...decodeJwt(idToken) })
        .setProtectedHeader({ ...decodeProtectedHeader(idToken), alg: 'RS256' })
        .sign(privateKey),
    );
    const unsigned = await startTokenTamperer(f.idp, (idToken) => {
      const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
      return `${header}.${idToken.split('.')[1]}.`;
    });
    closers.push(resign.close, unsigned.close);
    for (const tamperer of [resign, unsigned]) {
      const g = {
        ...f,
        connection: connectionFor(ctx.server, f.connection.id, f.idp, byHand(f, tamperer.tokenUrl)),
      };
      const { browserBinding, callbackUrl } = await loginAtIdp(g);
      expect(await outcome(finish(g, callbackUrl, browserBinding))).toBe('invalid_id_token');
    }
  });

  it('refuses an IdP at a loopback address when private addresses are not allowed', async () => {
    const f = await fixture();
    const strict = relyingParty(ctx.server, false);
    expect(await outcome(strict.startOidcLogin(db(), f.connection, null))).toBe('blocked_address');
    for (const issuer of [
      'https://127.0.0.2:8443',
      'https://[::1]/',
      'https://localhost/',
      'https://idp.localhost/',
    ]) {
      const connection = connectionFor(ctx.server, f.connection.id, f.idp, { issuer });
      expect(await outcome(strict.startOidcLogin(db(), connection, null))).toBe('blocked_address');
    }
    // Endpoints entered by hand are held to the same rule as the issuer.
    const byHandConnection = connectionFor(ctx.server, f.connection.id, f.idp, {
      issuer: 'https://idp.example.com',
      authorize_uri: 'https://idp.example.com/auth',
      token_uri: 'https://127.0.0.1/token',
      jwks_uri: 'https://idp.example.com/jwks',
    });
    expect(await outcome(strict.startOidcLogin(db(), byHandConnection, null))).toBe('blocked_address');
    // Nothing was stored for a login that never started.
    const rows = await db()
      .selectFrom('oidc_login_requests')
      .select('state_hash')
      .where('connection_id', '=', f.connection.id)
      .execute();
    expect(rows).toHaveLength(0);
  });

  it('refuses a connection without a client or secret, and plain http to a public IdP', async () => {
    const f = await fixture();
    for (const overrides of [
      { client_id: undefined },
      { client_secret_sealed: undefined },
      { issuer: undefined },
      { issuer: 'http://idp.example.com' },
    ]) {
      const connection = connectionFor(ctx.server, f.connection.id, f.idp, overrides);
      expect(await outcome(f.rp.startOidcLogin(db(), connection, null))).toBe('invalid_configuration');
    }
  });
});

/** The connection with endpoints entered by hand, its token endpoint replaced. */
function byHand(f: OidcFixture, tokenUrl: string) {
  return {
    authorize_uri: `${f.idp.issuer}/auth`,
    token_uri: tokenUrl,
    jwks_uri: `${f.idp.issuer}/jwks`,
    user_info_uri: `${f.idp.issuer}/me`,
  };
}
