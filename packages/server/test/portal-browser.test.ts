// The admin portal in Chromium, end to end: the application generates a portal link with the official
// SDK, the IT admin opens it, sets up a SAML connection by pasting the IdP's metadata (samlify's own
// document), enables it — and then a person signs in through that connection at the application.
// Then the SAML options (signing, IdP-initiated login, role mapping) render and save. No console
// error, exception or CSP violation on any page.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { useBrowser } from './helpers/browser.ts';
import { atStep, WatchedPages } from './helpers/browser-steps.ts';
import { officialClient } from './helpers/official-sdk.ts';
import { startSmallServer, type SmallServer } from './helpers/page-server.ts';
import { samlifyIdpMetadata } from './helpers/portal.ts';
import { startRelyingApp, type RelyingApp } from './helpers/relying-app.ts';
import { describeEachEngine, unique } from './helpers/servers.ts';
import { assignVerifiedDomain, idpAnswer, ssoIdpKeys, type SsoOrganization } from './helpers/sso-login.ts';
import { sendAutoPost } from './helpers/saml-auto-post.ts';
import { TestIdp } from './helpers/saml-idp.ts';
import { getToken, startTestServer, type TestServer } from './harness.ts';

const browserHandle = useBrowser();

describeEachEngine('admin portal in a real browser', (engine) => {
  let server: TestServer;
  let app: RelyingApp;
  let idpServer: SmallServer;
  let token: string;
  let org: SsoOrganization | undefined;
  let signInAs = '';
  const pages = new WatchedPages();

  /** The IdP's page: answers our AuthnRequest for `signInAs` and auto-posts it, as IdPs do. */
  async function idpPage(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!org) throw new Error('no organization yet');
    const form = await idpAnswer(org, new URL(req.url ?? '/', idpServer.url), {
      nameId: signInAs,
      attributes: { firstName: ['Grace'], lastName: ['Hopper'] },
    });
    sendAutoPost(res, org.sp.acsUrl, form);
  }

  beforeAll(async () => {
    server = await startTestServer(engine, { GATEHOUSE_SEED_DEFAULT_ROLES: 'true' });
    token = await getToken(server);
    app = await startRelyingApp(server, token);
    idpServer = await startSmallServer(idpPage, 'localhost');
  });
  afterAll(async () => {
    await pages.closeAll();
    await app?.close();
    await idpServer?.close();
    await server?.close();
  });

  it('lets an IT admin set up SAML from pasted metadata, after which SSO sign-in works', async () => {
    const sdk = officialClient(server);
    const { organization } = await sdk.organization.createOrganization(`Portal Corp ${unique()}`);
    const organizationId = organization!.id;
    await sdk.organization.updateOrganizationSettings(organizationId, {
      features: [{ name: 'sso', enabled: true }],
    });
    const link = await sdk.organization.generatePortalLink(organizationId);

    // The IT admin's browser.
    const admin = await pages.open(browserHandle.browser);
    // The machine is shared: a first navigation may be slow while Chromium warms up.
    await admin.goto(link.location, { timeout: 30_000 });
    await atStep(admin, 'Single sign-on');
    expect(await admin.textContent('body')).toContain('No single sign-on connection is set up yet.');
    await admin.getByRole('link', { name: 'Set up SSO' }).click();
    await atStep(admin, 'Set up SSO');
    await admin.getByLabel('Identity provider').selectOption('OKTA');
    await admin.getByLabel('Protocol').selectOption('SAML');
    await admin.getByRole('button', { name: 'Create connection' }).click();
    await atStep(admin, 'Okta connection');
    const connectionId = /\/portal\/sso\/(conn_[0-9a-z]+)/.exec(admin.url())?.[1] ?? '';
    expect(connectionId).not.toBe('');
    const spEntityId = await admin.getByLabel('Entity ID (audience)').inputValue();
    const acsUrl = await admin.getByLabel('Assertion consumer service (ACS) URL').inputValue();
    expect(acsUrl).toBe(`${server.running.url}/sso/saml/${connectionId}/acs`);
    expect(await admin.getByLabel('Entity ID (audience)').getAttribute('readonly')).not.toBeNull();
    // The Okta preset is what the mapping form starts from.
    expect(await admin.getByLabel('First name').inputValue()).toBe('firstName');

    await admin
      .getByLabel('Or paste the metadata XML')
      .fill(samlifyIdpMetadata(idpServer.url, ssoIdpKeys.certificatePem));
    await admin.getByRole('button', { name: 'Import metadata' }).click();
    await expect.poll(() => admin.getByRole('status').textContent()).toContain('Metadata imported.');
    expect(await admin.getByLabel('IdP entity ID (issuer)').inputValue()).toBe(idpServer.url);
    await admin.getByRole('button', { name: 'Enable' }).click();
    await expect.poll(() => admin.textContent('#connection-state')).toContain('Enabled');

    // The organization's domain, proven (DNS proof is tested elsewhere), routed to the connection.
    const domain = await assignVerifiedDomain(server, token, organizationId, connectionId);

    // A person of that organization signs in at the application, through the IdP.
    org = {
      organizationId,
      organizationName: organization!.displayName,
      connectionId,
      domain,
      idp: new TestIdp(idpServer.url, ssoIdpKeys),
      sp: { entityId: spEntityId, acsUrl },
    };
    signInAs = `grace-${unique()}@${domain}`;
    const person = await pages.open(browserHandle.browser);
    await person.goto(app.loginUrl({ organization_id: organizationId }), { timeout: 30_000 });
    await person.waitForSelector('#email');
    expect(await person.textContent('#email')).toBe(signInAs);
    expect(await person.textContent('#organization')).toBe(org.organizationName);

    // The SAML options (signing, IdP-initiated login, group → role mapping) render and save.
    await admin.getByLabel('Sign authentication requests').check();
    await admin.getByRole('button', { name: 'Save signing options' }).click();
    await expect.poll(() => admin.getByRole('status').textContent()).toContain('Signing options saved.');
    expect(await admin.getByLabel('Service provider certificate').inputValue()).toContain(
      '-----BEGIN CERTIFICATE-----',
    );
    expect(await admin.getByLabel('Send people to').inputValue()).toBe('');
    await admin.getByLabel('Groups attribute').fill('groups');
    // A seeded environment role (GATEHOUSE_SEED_DEFAULT_ROLES).
    await admin.locator('#role_0').selectOption({ index: 1 });
    await admin.locator('#role_groups_0').fill('admins, it');
    await admin.getByRole('button', { name: 'Save role mapping' }).click();
    await expect.poll(() => admin.getByRole('status').textContent()).toContain('Role mapping saved.');
    expect(await admin.locator('#role_groups_0').inputValue()).toBe('admins, it');
    pages.expectClean();
  });
});
