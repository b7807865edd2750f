// A tiny application that signs its users in with Gatehouse, as a customer's app would: its own
// origin (localhost, while Gatehouse is on 127.0.0.1), /login sends the browser to /oauth/authorize
// with PKCE and a state, /auth/callback exchanges the code with openid-client (an independent
// relying party, which also checks `iss` and the state) and shows who signed in to which
// organization. Browser tests walk the hosted login from this app and back.
import type http from 'node:http';
import { decodeJwt } from 'jose';
import * as oidc from 'openid-client';
import type { TestServer } from '../harness.ts';
import { startSmallServer } from './page-server.ts';
import { rest } from './rest.ts';

export interface AppLogin {
  sub: string;
  email: string;
  /** The organization of the session (the access token's `oid`). */
  oid: string;
  organizationName: string;
  roles: string[];
  /** The Gatehouse session (`ses_…`) the tokens belong to. */
  sid: string;
  idToken: string;
  accessToken: string;
}

export interface RelyingApp {
  /** http://localhost:<port> */
  url: string;
  callbackUrl: string;
  afterLogoutUrl: string;
  /** Every login the callback completed, newest last. */
  logins: AppLogin[];
  /** The app's sign-in link; `params` go into the authorization request (prompt, organization_id…). */
  loginUrl(params?: Record<string, string>): string;
  /** RP-initiated logout at Gatehouse, back to the app's goodbye page. */
  logoutUrl(idToken: string): string;
  close(): Promise<void>;
}

const PAGE = { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Starts the app and registers its callback and post-logout page on the environment's application. */
export async function startRelyingApp(server: TestServer, token: string): Promise<RelyingApp> {
  const pending = new Map<string, string>(); // state -> PKCE verifier
  const logins: AppLogin[] = [];
  let config: oidc.Configuration | undefined;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', app.url);
    if (!config) throw new Error('the app is not configured yet');
    if (url.pathname === '/login') {
      const verifier = oidc.randomPKCECodeVerifier();
      const state = oidc.randomState();
      pending.set(state, verifier);
      const authorize = oidc.buildAuthorizationUrl(config, {
        ...Object.fromEntries(url.searchParams),
        redirect_uri: callbackUrl,
        scope: 'openid profile email offline_access',
        state,
        code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
      });
      res.writeHead(302, { location: authorize.toString() }).end();
    } else if (url.pathname === '/auth/callback') {
      const state = url.searchParams.get('state') ?? '';
      const verifier = pending.get(state);
      if (url.searchParams.has('error') || !verifier) {
        res
          .writeHead(400, PAGE)
          .end(
            `<!doctype html><title>App</title><h1>Sign-in failed</h1><p id="error">${escapeHtml(url.searchParams.get('error') ?? 'unknown state')}</p>`,
          );
        return;
      }
      pending.delete(state);
      const tokens = await oidc.authorizationCodeGrant(config, url, {
        pkceCodeVerifier: verifier,
        expectedState: state,
      });
      const access = decodeJwt(tokens.access_token);
      const oid = String(access.oid ?? '');
      const org = await rest(server, 'GET', `/api/v1/organizations/${oid}`, { token });
      const login: AppLogin = {
        sub: String(access.sub),
        email: String(tokens.claims()?.email ?? ''),
        oid,
        organizationName: String(org.body?.organization?.display_name ?? ''),
        roles: (access.roles as string[] | undefined) ?? [],
        sid: String(access.sid ?? ''),
        idToken: tokens.id_token ?? '',
        accessToken: tokens.access_token,
      };
      logins.push(login);
      res
        .writeHead(200, PAGE)
        .end(
          `<!doctype html><html lang="en"><title>App</title><h1>Welcome</h1>` +
            `<p>Signed in as <span id="email">${escapeHtml(login.email)}</span> ` +
            `in <span id="organization">${escapeHtml(login.organizationName)}</span></p></html>`,
        );
    } else if (url.pathname === '/goodbye') {
      res
        .writeHead(200, PAGE)
        .end('<!doctype html><html lang="en"><title>App</title><h1>Signed out of the app</h1></html>');
    } else if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
    } else {
      res.writeHead(404, PAGE).end('<!doctype html><title>App</title><h1>Not found</h1>');
    }
  }

  const small = await startSmallServer((req, res) => handle(req, res), 'localhost');
  const callbackUrl = `${small.url}/auth/callback`;
  const afterLogoutUrl = `${small.url}/goodbye`;
  const registered = await rest(server, 'PATCH', `/api/v1/clients/${server.clientId}`, {
    token,
    json: { post_login_uris: [callbackUrl], post_logout_redirect_uris: [afterLogoutUrl] },
  });
  if (registered.status !== 200)
    throw new Error(`registering the app failed: ${registered.status} ${JSON.stringify(registered.body)}`);
  config = await oidc.discovery(
    new URL(server.running.url),
    server.clientId,
    server.clientSecret,
    undefined,
    {
      execute: [oidc.allowInsecureRequests],
    },
  );
  const discovered = config;
  const app: RelyingApp = {
    url: small.url,
    callbackUrl,
    afterLogoutUrl,
    logins,
    loginUrl: (params = {}) =>
      `${small.url}/login${Object.keys(params).length ? `?${new URLSearchParams(params)}` : ''}`,
    logoutUrl: (idToken) =>
      oidc
        .buildEndSessionUrl(discovered, { id_token_hint: idToken, post_logout_redirect_uri: afterLogoutUrl })
        .toString(),
    close: () => small.close(),
  };
  return app;
}
