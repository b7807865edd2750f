// SP-initiated SAML sign-in in Chromium: the application sends the browser to Gatehouse with an
// organization_id, Gatehouse sends it on to the organization's IdP (the samlify test IdP behind a
// small page server on another site), whose page auto-posts the signed response across sites to our
// ACS — without the sign-in's SameSite=Lax cookie, as in real life; the browser comes back to the
// application signed in, in that organization. No console error, exception or CSP violation.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { useBrowser } from './helpers/browser.ts';
import { WatchedPages } from './helpers/browser-steps.ts';
import { startSmallServer, type SmallServer } from './helpers/page-server.ts';
import { startRelyingApp, type RelyingApp } from './helpers/relying-app.ts';
import { sendAutoPost } from './helpers/saml-auto-post.ts';
import { describeEachEngine, unique } from './helpers/servers.ts';
import { idpAnswer, ssoOrganization, type SsoOrganization } from './helpers/sso-login.ts';
import { getToken, startTestServer, type TestServer } from './harness.ts';

const browserHandle = useBrowser();

describeEachEngine('SAML sign-in in a real browser', (engine) => {
  let server: TestServer;
  let app: RelyingApp;
  let idpServer: SmallServer;
  let token: string;
  let org: SsoOrganization;
  let signInAs = '';
  const pages = new WatchedPages();

  /** The IdP's page: answers our AuthnRequest for `signInAs` and auto-posts it, as IdPs do. */
  async function idpPage(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const form = await idpAnswer(org, new URL(req.url ?? '/', idpServer.url), {
      nameId: signInAs,
      attributes: { firstName: ['Ada'], lastName: ['Lovelace'] },
    });
    sendAutoPost(res, org.sp.acsUrl, form);
  }

  beforeAll(async () => {
    server = await startTestServer(engine, { GATEHOUSE_SEED_DEFAULT_ROLES: 'true' });
    token = await getToken(server);
    app = await startRelyingApp(server, token);
    idpServer = await startSmallServer(idpPage, 'localhost');
    org = await ssoOrganization(server, token, { idpEntityId: idpServer.url });
  });
  afterAll(async () => {
    await pages.closeAll();
    await app?.close();
    await idpServer?.close();
    await server?.close();
  });

  it('signs a new person in through the IdP, with the response posted across sites', async () => {
    signInAs = `ada-${unique()}@${org.domain}`;
    const page = await pages.open(browserHandle.browser);
    await page.goto(app.loginUrl({ organization_id: org.organizationId }));
    await page.waitForSelector('#email');
    expect(await page.textContent('#email')).toBe(signInAs);
    expect(await page.textContent('#organization')).toBe(org.organizationName);
    expect(app.logins.at(-1)?.email).toBe(signInAs);
    pages.expectClean();
  });
});
