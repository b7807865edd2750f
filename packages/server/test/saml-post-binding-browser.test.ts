// The HTTP-POST binding in Chromium: the application sends the browser to Gatehouse, Gatehouse to its
// page that auto-submits the AuthnRequest — under a CSP whose form-action names only the IdP — to
// the IdP (the samlify test IdP behind a small server on another site), whose page auto-posts the
// signed response back to our ACS, and the browser lands in the application signed in. The request
// is signed, so the IdP verifies our XML signature. No console error, exception or CSP violation.
// One engine: the store is covered on both by saml-post-binding.test.ts; this is about the browser.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useBrowser } from './helpers/browser.ts';
import { WatchedPages } from './helpers/browser-steps.ts';
import { startSmallServer, type SmallServer } from './helpers/page-server.ts';
import { startRelyingApp, type RelyingApp } from './helpers/relying-app.ts';
import { rest } from './helpers/rest.ts';
import { sendAutoPost } from './helpers/saml-auto-post.ts';
import type { SpDescription } from './helpers/saml-idp.ts';
import { unique } from './helpers/servers.ts';
import { ssoOrganization, type SsoOrganization } from './helpers/sso-login.ts';
import { getToken, startTestServer, type TestServer } from './harness.ts';

const browserHandle = useBrowser();

describe('SAML AuthnRequest posted by a real browser', () => {
  let server: TestServer;
  let app: RelyingApp;
  let idpServer: SmallServer;
  let org: SsoOrganization;
  let sp: SpDescription;
  let signInAs = '';
  const received: string[] = [];
  const pages = new WatchedPages();

  async function formBody(req: IncomingMessage): Promise<Record<string, string>> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
  }

  /** The IdP's SSO endpoint for the POST binding: verifies our request, answers, auto-posts. */
  async function idpPage(req: IncomingMessage, res: ServerResponse): Promise<void> {
    received.push(`${req.method} ${req.url}`);
    if (req.method !== 'POST') {
      res.writeHead(405).end();
      return;
    }
    const body = await formBody(req);
    const { parsed, relayState } = await org.idp.parsePostRequest(sp, {
      SAMLRequest: body.SAMLRequest ?? '',
      RelayState: body.RelayState,
    });
    const inResponseTo = String((parsed.extract as { request: { id: string } }).request.id);
    const SAMLResponse = await org.idp.respond(org.sp, {
      nameId: signInAs,
      inResponseTo,
      attributes: { firstName: ['Ada'], lastName: ['Lovelace'] },
    });
    sendAutoPost(res, org.sp.acsUrl, { SAMLResponse, RelayState: relayState ?? '' });
  }

  beforeAll(async () => {
    server = await startTestServer('sqlite', { GATEHOUSE_SEED_DEFAULT_ROLES: 'true' });
    const token = await getToken(server);
    app = await startRelyingApp(server, token);
    idpServer = await startSmallServer(idpPage, 'localhost');
    org = await ssoOrganization(server, token, { idpEntityId: idpServer.url });
    const path = `/api/v1/organizations/${org.organizationId}/connections/${org.connectionId}`;
    const patched = await rest(server, 'PATCH', path, {
      token,
      json: { saml_config: { idp_sso_request_binding: 'HTTP_POST', want_request_signed: true } },
    });
    expect(patched.status).toBe(200);
    const metadata = await (await fetch(`${server.url}/sso/saml/${org.connectionId}/metadata`)).text();
    sp = { ...org.sp, metadata, requireSignedRequests: true };
  });
  afterAll(async () => {
    await pages.closeAll();
    await app?.close();
    await idpServer?.close();
    await server?.close();
  });

  it('auto-submits the signed request to the IdP and signs the person in', async () => {
    signInAs = `ada-post-${unique()}@${org.domain}`;
    const page = await pages.open(browserHandle.browser);
    const seen: string[] = [];
    page.on('request', (request) => {
      if (request.isNavigationRequest()) seen.push(`${request.method()} ${request.url()}`);
    });
    // Seven hops (app, authorize, our page, IdP, ACS, interaction, callback): on a busy machine they
    // take longer than one navigation's default timeout, so wait for the last page instead.
    await page.goto(app.loginUrl({ organization_id: org.organizationId }), { waitUntil: 'commit' });
    await page.waitForSelector('#email', { timeout: 45_000 });
    expect(await page.textContent('#email')).toBe(signInAs);
    expect(app.logins.at(-1)?.email).toBe(signInAs);
    // Our page was shown, and its script (not a person) posted the form to the IdP.
    expect(
      seen.some((s) => /^GET .*\/sso\/saml\/conn_[0-9a-z]+\/authn-request\/_[0-9a-f]{40}$/.test(s)),
    ).toBe(true);
    expect(received).toEqual(['POST /sso']);
    pages.expectClean();
  }, 60_000);
});
