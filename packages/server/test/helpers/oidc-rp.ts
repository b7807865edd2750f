// Fixtures of the OIDC relying-party tests: a connection row pointing at a test IdP (its secret sealed
// as the connection service would), the relying party over the test server's context, and one call
// that runs a login from our authorization URL to the IdP's callback.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { oidcRedirectUri } from '../../src/connections/connection-urls.ts';
import { defaultOidcConfig, type StoredOidcConfig } from '../../src/connections/oidc-config.ts';
import { OidcRelyingParty, type OidcConnection } from '../../src/sso/oidc/oidc-rp.ts';
import type { TestServer } from '../harness.ts';
import { startOidcIdp, walkToCallback, type IdpAccount, type TestOidcIdp } from './oidc-idp.ts';

export const ada: IdpAccount = {
  sub: 'idp-user-ada',
  claims: {
    email: 'Ada@Example.com',
    email_verified: true,
    given_name: 'Ada',
    family_name: 'Lovelace',
    name: 'Ada Lovelace',
    groups: ['admins', 'eng'],
  },
};

export function relyingParty(server: TestServer, allowPrivate = true): OidcRelyingParty {
  const ctx = server.running.ctx;
  return new OidcRelyingParty({
    box: ctx.box,
    publicUrl: ctx.config.publicUrl,
    allowPrivate,
    timeoutMs: 5000,
  });
}

export function connectionFor(
  server: TestServer,
  id: string,
  idp: TestOidcIdp,
  overrides: Partial<StoredOidcConfig> = {},
): OidcConnection {
  const config: StoredOidcConfig = {
    ...defaultOidcConfig(),
    issuer: idp.issuer,
    client_id: idp.clientId,
    client_secret_sealed: server.running.ctx.box.seal(idp.clientSecret),
    ...overrides,
  };
  return { id, oidc_config: JSON.stringify(config) };
}

export interface OidcFixture {
  server: TestServer;
  rp: OidcRelyingParty;
  idp: TestOidcIdp;
  connection: OidcConnection;
  redirectUri: string;
}

export async function oidcFixture(
  server: TestServer,
  options: { emailInIdToken?: boolean; overrides?: (idp: TestOidcIdp) => Partial<StoredOidcConfig> } = {},
): Promise<OidcFixture> {
  const id = `conn_${crypto.randomUUID().replaceAll('-', '').slice(0, 20)}`;
  const redirectUri = oidcRedirectUri(server.running.ctx.config.publicUrl, id);
  const idp = await startOidcIdp({ redirectUri, emailInIdToken: options.emailInIdToken });
  idp.next = { account: ada };
  const connection = connectionFor(server, id, idp, options.overrides?.(idp));
  return { server, rp: relyingParty(server), idp, connection, redirectUri };
}

/** Starts a login and walks the IdP; `edit` may change our authorization URL before the browser follows it. */
export async function loginAtIdp(f: OidcFixture, edit: (url: URL) => void = () => {}) {
  const started = await f.rp.startOidcLogin(f.server.running.ctx.db, f.connection, 'relay-1');
  const url = new URL(started.redirectUrl);
  edit(url);
  const callbackUrl = await walkToCallback(url.href, f.redirectUri);
  return { ...started, callbackUrl };
}

export function finish(f: OidcFixture, callbackUrl: string, browserBinding: string) {
  return f.rp.finishOidcLogin(f.server.running.ctx.db, f.connection, callbackUrl, browserBinding);
}

/** What a refused finish says: the OidcRejected reason, or 'accepted'. */
export async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'accepted';
  } catch (error) {
    return (error as { reason?: string }).reason ?? `unexpected: ${String(error)}`;
  }
}

/** A token endpoint in front of the IdP's that rewrites the ID token on its way back to us. */
export async function startTokenTamperer(
  idp: TestOidcIdp,
  tamper: (idToken: string) => string | Promise<string>,
): Promise<{ tokenUrl: string; close(): Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const upstream = await fetch(`${idp.issuer}/token`, {
      method: 'POST',
      headers: {
        'content-type': String(req.headers['content-type']),
        authorization: String(req.headers.authorization ?? ''),
      },
      body: Buffer.concat(chunks),
    });
    const body = (await upstream.json()) as Record<string, unknown>;
    if (typeof body.id_token === 'string') body.id_token = await tamper(body.id_token);
    res.writeHead(upstream.status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    tokenUrl: `http://127.0.0.1:${port}/token`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
