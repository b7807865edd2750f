// IdP-initiated SAML login in Chromium, started from the IdP simulator's IdP-initiated page: the
// unsolicited response is auto-posted to our ACS, which sends the browser to the application's
// registered entry point with a token; the application (using the official SDK, on its own site)
// reads the claims with getIdpInitiatedLoginClaims and starts an SP-initiated login with them; the
// simulator answers that AuthnRequest, and the browser comes back to the application signed in, in
// the connection's organization. No console error, exception or CSP violation on the way.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Scalekit } from '@scalekit-sdk/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { useBrowser } from './helpers/browser.ts';
import { atStep, WatchedPages } from './helpers/browser-steps.ts';
import { startSmallServer, type SmallServer } from './helpers/page-server.ts';
import { rest } from './helpers/rest.ts';
import { describeEachEngine, unique } from './helpers/servers.ts';
import { assignVerifiedDomain } from './helpers/sso-login.ts';
import { getToken, startTestServer, type TestServer } from './harness.ts';

const browserHandle = useBrowser();

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

describeEachEngine('IdP-initiated SAML login in a real browser', (engine) => {
  let server: TestServer;
  let token: string;
  let app: SmallServer;
  let scalekit: Scalekit;
  let organizationId = '';
  let connectionId = '';
  let domain = '';
  const pages = new WatchedPages();
  const callbackUrl = () => `${app.url}/auth/callback`;
  const initiateUrl = () => `${app.url}/sso/initiate`;

  /** The customer's application, written against the official SDK as Scalekit documents it. */
  async function appPage(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', app.url);
    const page = (status: number, body: string) =>
      res
        .writeHead(status, { 'content-type': 'text/html; charset=utf-8' })
        .end(`<!doctype html><html lang="en"><title>App</title>${body}</html>`);
    if (url.pathname === '/sso/initiate') {
      const claims = await scalekit.getIdpInitiatedLoginClaims(
        url.searchParams.get('idp_initiated_login') ?? '',
      );
      const authorize = scalekit.getAuthorizationUrl(callbackUrl(), {
        connectionId: claims.connection_id,
        organizationId: claims.organization_id,
        loginHint: claims.login_hint,
        state: claims.relay_state,
      });
      res.writeHead(302, { location: authorize }).end();
    } else if (url.pathname === '/auth/callback') {
      const result = await scalekit.authenticateWithCode(url.searchParams.get('code') ?? '', callbackUrl());
      const access = await scalekit.validateToken<Record<string, unknown>>(result.accessToken);
      page(
        200,
        `<h1>Welcome</h1><p>Signed in as <span id="signed-in">${escapeHtml(result.user.email)}</span>` +
          ` in <span id="oid">${escapeHtml(String(access.oid))}</span>` +
          ` (state <span id="state">${escapeHtml(url.searchParams.get('state') ?? '')}</span>)</p>`,
      );
    } else if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
    } else {
      page(404, '<h1>Not found</h1>');
    }
  }

  async function call(method: string, path: string, json?: unknown) {
    const res = await rest(server, method, path, { token, json });
    if (res.status !== 200 && res.status !== 201)
      throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  beforeAll(async () => {
    server = await startTestServer(engine, { GATEHOUSE_SEED_DEFAULT_ROLES: 'true' });
    token = await getToken(server);
    scalekit = new Scalekit(server.url, server.clientId, server.clientSecret);
    app = await startSmallServer(appPage, 'localhost');
    await call('PATCH', `/api/v1/clients/${server.clientId}`, {
      post_login_uris: [callbackUrl(), initiateUrl()],
    });
    const org = (await call('POST', '/api/v1/organizations', { display_name: `IdP-initiated ${unique()}` }))
      .organization;
    organizationId = org.id;
    await call('PATCH', `/api/v1/organizations/${org.id}/settings`, {
      features: [{ name: 'sso', enabled: true }],
    });
    const created = await call('POST', `/api/v1/organizations/${org.id}/connections`, {
      provider: 'IDP_SIMULATOR',
      type: 'SAML',
    });
    connectionId = created.connection.id;
    const path = `/api/v1/organizations/${org.id}/connections/${connectionId}`;
    await call('PATCH', path, { saml_config: { default_redirect_uri: initiateUrl() } });
    await call('PATCH', `${path}:enable`);
    // Just-in-time provisioning trusts the IdP only for the organization's proven domains.
    domain = await assignVerifiedDomain(server, token, org.id, connectionId);
  });
  afterAll(async () => {
    await pages.closeAll();
    await app?.close();
    await server?.close();
  });

  it('starts at the simulator, goes through the application and back, signed in to the organization', async () => {
    const email = `ada-${unique()}@${domain}`;
    const page = await pages.open(browserHandle.browser);
    await page.goto(`${server.url}/sso/simulator/idp-initiated?connection_id=${connectionId}`);
    await atStep(page, 'IdP simulator: IdP-initiated login');
    await page.fill('#email', email);
    await page.fill('#relay_state', 'dashboard');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // The application turned the token into an SP-initiated login: the simulator now answers an
    // AuthnRequest, and is linked back to the IdP-initiated start of the same connection.
    await atStep(page, 'IdP simulator');
    expect(page.url()).toContain('/sso/simulator/saml?SAMLRequest=');
    const link = page.getByRole('link', { name: 'start an IdP-initiated login' });
    expect(await link.getAttribute('href')).toBe(
      `/sso/simulator/idp-initiated?connection_id=${connectionId}`,
    );
    await page.fill('#email', email);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForSelector('#signed-in');
    expect(await page.textContent('#signed-in')).toBe(email);
    expect(await page.textContent('#oid')).toBe(organizationId);
    expect(await page.textContent('#state')).toBe('dashboard');
    pages.expectClean();
  });

  it('refuses the IdP-initiated form posted without the browser cookie and its CSRF token', async () => {
    const page = await pages.open(browserHandle.browser);
    await page.goto(`${server.url}/sso/simulator/idp-initiated?connection_id=${connectionId}`);
    const csrf = await page.locator('input[name="csrf"]').getAttribute('value');
    // Another browser (no cookie) replaying the form with the first one's token.
    const forged = await fetch(`${server.url}/sso/simulator/idp-initiated`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        csrf: csrf ?? '',
        connection_id: connectionId,
        email: `eve@${domain}`,
        outcome: 'success',
      }).toString(),
      redirect: 'manual',
    });
    expect(forged.status).toBe(403);
    expect(await forged.text()).not.toContain('SAMLResponse');
  });
});
