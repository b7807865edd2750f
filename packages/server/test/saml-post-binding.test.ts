// AuthnRequests over the HTTP-POST binding, end to end over HTTP: a connection set to HTTP_POST sends
// the browser to our page for the stored request, whose form posts the AuthnRequest (XML, base64, not
// deflated) to the IdP — samlify, configured for the POST binding, parses it and verifies our XML
// signature when requests are signed — and the sign-in completes. Then what must be refused: a
// tampered or unsigned request (by samlify), the page for an unknown, answered, expired or another
// connection's request (by us), and a form-action that would let the page post anywhere else.
import { beforeAll, expect, it } from 'vitest';
import { startConnectionTest } from '../src/sso/connection-test/test-start.ts';
import { createSamlAuthnRequest, samlPostRequestFields } from '../src/sso/saml/saml-request.ts';
import { registerCallbacks } from './helpers/app-login.ts';
import { hiddenField, openForm, postForm, simulatorConnection } from './helpers/idp-simulator.ts';
import { Browserish, field } from './helpers/login.ts';
import { rest } from './helpers/rest.ts';
import type { SpDescription } from './helpers/saml-idp.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';
import { samlLoginSteps, ssoOrganization, type SsoOrganization } from './helpers/sso-login.ts';

const PAGE = /^\/sso\/saml\/(conn_[0-9a-z]{26})\/authn-request\/(_[0-9a-f]{40})$/;
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';

interface PostedRequest {
  browser: Browserish;
  pageUrl: URL;
  page: Response;
  html: string;
  action: string;
  body: { SAMLRequest: string; RelayState?: string };
  xml: string;
}

describeEachEngine('SAML AuthnRequests over the HTTP-POST binding', (engine) => {
  const handle = useServer(engine, { GATEHOUSE_SEED_DEFAULT_ROLES: 'true' });
  const ctx = () => handle.server.running.ctx;
  const steps = samlLoginSteps(handle);
  const { connectionPath, metadataOf } = steps;

  beforeAll(async () => {
    await registerCallbacks(handle.server, handle.token);
  });

  async function patchSaml(org: SsoOrganization, samlConfig: Record<string, unknown>) {
    const res = await steps.patchSaml(org, samlConfig);
    expect(res.status).toBe(200);
    return res.body.connection.saml_config;
  }

  /** An enabled SAML connection whose IdP takes AuthnRequests over HTTP-POST. */
  async function postOrg(options: Record<string, unknown> = {}) {
    const org = await ssoOrganization(handle.server, handle.token);
    const saml = await patchSaml(org, { idp_sso_request_binding: 'HTTP_POST', ...options });
    expect(saml.idp_sso_request_binding).toBe('HTTP_POST');
    return org;
  }

  const authorize = (org: SsoOrganization) => steps.authorize({ organizationId: org.organizationId });

  /** Reads our auto-posting page: its form's target and fields, and the request XML. */
  async function readPage(browser: Browserish, page: Response): Promise<PostedRequest> {
    expect(page.status).toBe(200);
    const pageUrl = new URL(page.url);
    expect(pageUrl.pathname).toMatch(PAGE);
    const html = await page.text();
    const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1]?.replace(/&#x2F;/g, '/') ?? '';
    const SAMLRequest = field(html, 'SAMLRequest');
    const relay = /name="RelayState" value="([^"]*)"/.exec(html)?.[1];
    const body = relay === undefined ? { SAMLRequest } : { SAMLRequest, RelayState: relay };
    const xml = Buffer.from(SAMLRequest, 'base64').toString('utf8');
    return { browser, pageUrl, page, html, action, body, xml };
  }

  /** From the application's authorization to our auto-posting page. */
  async function toPostPage(org: SsoOrganization): Promise<PostedRequest> {
    const browser = new Browserish(handle.server.url);
    const started = await browser.get(authorize(org));
    const { res, external } = await browser.follow(started);
    expect(external).toBeUndefined();
    return readPage(browser, res);
  }

  /** The IdP's answer to a posted request, through our ACS to the application; the signed-in email. */
  async function completeLogin(
    org: SsoOrganization,
    sp: SpDescription,
    posted: PostedRequest,
    email: string,
  ) {
    const { parsed, relayState } = await org.idp.parsePostRequest(sp, posted.body);
    const requestId = String((parsed.extract as { request: { id: string } }).request.id);
    expect(posted.pageUrl.pathname.endsWith(`/${requestId}`)).toBe(true);
    const SAMLResponse = await org.idp.respond(org.sp, { nameId: email, inResponseTo: requestId });
    const form = { SAMLResponse, RelayState: relayState ?? '' };
    return steps.signedInEmail(await steps.throughAcs(posted.browser, org, form));
  }

  it('posts an unsigned request that samlify parses, and the sign-in completes', async () => {
    const org = await postOrg();
    const posted = await toPostPage(org);
    expect(posted.action).toBe(org.idp.ssoUrl);
    // The XML itself (not deflated), naming our ACS and the IdP, with no signature.
    expect(posted.xml).toMatch(/^(<\?xml [^>]*\?>)?<samlp:AuthnRequest /);
    expect(posted.xml).toContain(`Destination="${org.idp.ssoUrl}"`);
    expect(posted.xml).toContain(`AssertionConsumerServiceURL="${org.sp.acsUrl}"`);
    expect(posted.xml).not.toContain('Signature');
    expect(posted.body.RelayState).toMatch(/^[A-Za-z0-9_-]+$/);
    const email = `post-${unique()}@${org.domain}`;
    expect(await completeLogin(org, org.sp, posted, email)).toBe(email);
  });

  it('serves the page with headers that let it post only to the IdP, and one nonce’d script', async () => {
    const org = await postOrg();
    const { page, html } = await toPostPage(org);
    const csp = page.headers.get('content-security-policy') ?? '';
    const directives = Object.fromEntries(
      csp.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values];
      }),
    );
    expect(directives['form-action']).toEqual([new URL(org.idp.ssoUrl).origin]);
    expect(directives['default-src']).toEqual(["'none'"]);
    const nonce = /<script nonce="([^"]+)">/.exec(html)?.[1] ?? '';
    expect(nonce).not.toBe('');
    expect(directives['script-src']).toEqual([`'nonce-${nonce}'`]);
    expect(html.match(/<script/g)).toHaveLength(1);
    // Without script, the button submits the same form.
    expect(html).toMatch(/<button type="submit"[^>]*>Continue<\/button>/);
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
  });

  it('signs the posted request (RSA-SHA256, exclusive c14n); samlify verifies it and refuses it tampered', async () => {
    const org = await postOrg({ want_request_signed: true });
    const sp: SpDescription = { ...org.sp, metadata: await metadataOf(org), requireSignedRequests: true };
    const posted = await toPostPage(org);
    expect(posted.xml).toContain(`<SignatureMethod Algorithm="${RSA_SHA256}"/>`);
    expect(posted.xml).toContain(`<CanonicalizationMethod Algorithm="${EXC_C14N}"/>`);
    expect(posted.xml).toContain(
      '<Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>',
    );
    expect(posted.xml).toContain('<DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>');
    // The redirect binding's query signature is not used: the request is all in the form.
    expect(posted.html).not.toContain('name="Signature"');

    const encode = (xml: string) => ({ ...posted.body, SAMLRequest: Buffer.from(xml).toString('base64') });
    // Our ACS URL changed to an attacker's: the digest no longer matches.
    const redirected = posted.xml.replace(org.sp.acsUrl, 'https://attacker.example.test/acs');
    expect(redirected).not.toBe(posted.xml);
    await expect(org.idp.parsePostRequest(sp, encode(redirected))).rejects.toThrow(/signature/i);
    // One bit of the signature value changed.
    const value = /<SignatureValue>([^<]+)<\/SignatureValue>/.exec(posted.xml)?.[1] ?? '';
    const bits = Buffer.from(value, 'base64');
    bits[10]! ^= 0x01;
    const forged = posted.xml.replace(value, bits.toString('base64'));
    await expect(org.idp.parsePostRequest(sp, encode(forged))).rejects.toThrow(/signature/i);
    // The signature stripped: an IdP that wants signed requests refuses it.
    const stripped = posted.xml.replace(/<Signature [\s\S]*<\/Signature>/, '');
    expect(stripped).not.toContain('SignatureValue');
    await expect(org.idp.parsePostRequest(sp, encode(stripped))).rejects.toThrow(/signature/i);

    // The untouched request verifies, and the sign-in completes.
    const email = `signed-post-${unique()}@${org.domain}`;
    expect(await completeLogin(org, sp, posted, email)).toBe(email);
  });

  it('refuses the page for an unknown, answered, expired or another connection’s request', async () => {
    const org = await postOrg();
    const other = await postOrg();
    const get = (path: string) => new Browserish(handle.server.url).get(path);
    const expectRefused = async (path: string) => {
      const res = await get(path);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toContain('text/html');
      const html = await res.text();
      expect(html).toContain('Single sign-on failed');
      expect(html).not.toContain('SAMLRequest');
    };
    const pagePath = (connectionId: string, requestId: string) =>
      `/sso/saml/${connectionId}/authn-request/${requestId}`;

    // Answered: the sign-in completes, then the page for its request is gone.
    const answered = await toPostPage(org);
    await completeLogin(org, org.sp, answered, `once-${unique()}@${org.domain}`);
    await expectRefused(answered.pageUrl.pathname);

    // Pending: served (the untouched case) — but not under another connection's path.
    const pending = await toPostPage(org);
    const [, , requestId = ''] = PAGE.exec(pending.pageUrl.pathname) ?? [];
    expect((await get(pending.pageUrl.pathname)).status).toBe(200);
    await expectRefused(pagePath(other.connectionId, requestId));

    // Unknown and malformed ids.
    await expectRefused(pagePath(org.connectionId, `_${'0'.repeat(40)}`));
    await expectRefused(pagePath(org.connectionId, 'not-a-request'));
    await expectRefused(pagePath('conn_nope', requestId));

    // Expired.
    await ctx()
      .db.updateTable('saml_requests')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .where('id', '=', requestId)
      .execute();
    await expectRefused(pending.pageUrl.pathname);
  });

  it('refuses the page of a sign-in once its connection is disabled', async () => {
    const org = await postOrg();
    const pending = await toPostPage(org);
    const disabled = await rest(handle.server, 'PATCH', `${connectionPath(org)}:disable`, {
      token: handle.token,
    });
    expect(disabled.status).toBe(200);
    const res = await new Browserish(handle.server.url).get(pending.pageUrl.pathname);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('SAMLRequest');
  });

  it('sends a connection test over the POST binding too', async () => {
    const org = await postOrg();
    const started = await startConnectionTest(ctx(), org.connectionId);
    const url = new URL(started.redirectUrl);
    expect(url.origin).toBe(new URL(ctx().config.publicUrl).origin);
    expect(url.pathname).toMatch(PAGE);
    const browser = new Browserish(handle.server.url);
    const posted = await readPage(browser, await browser.get(url.pathname));
    expect(posted.action).toBe(org.idp.ssoUrl);
    expect(posted.body.RelayState).toBe(started.testRequestId);
    const { parsed } = await org.idp.parsePostRequest(org.sp, posted.body);
    expect(url.pathname.endsWith(`/${(parsed.extract as { request: { id: string } }).request.id}`)).toBe(
      true,
    );
  });

  it('follows the connection back to the redirect binding for a request made before the change', async () => {
    const org = await postOrg();
    const pending = await toPostPage(org);
    await patchSaml(org, { idp_sso_request_binding: 'HTTP_REDIRECT' });
    const res = await new Browserish(handle.server.url).get(pending.pageUrl.pathname);
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(org.idp.ssoUrl);
    const { parsed } = await org.idp.parseRequest(org.sp, location.toString());
    expect(
      pending.pageUrl.pathname.endsWith(`/${(parsed.extract as { request: { id: string } }).request.id}`),
    ).toBe(true);
  });

  it('lets the IdP simulator take a POST-bound request and answer it', async () => {
    const conn = await simulatorConnection(handle.server, handle.token);
    const { requestId } = await createSamlAuthnRequest(ctx().db, conn.config, 'relay-post');
    const fields = await samlPostRequestFields(
      { ...conn.config, postRequestPage: 'unused' },
      requestId,
      'relay-post',
    );
    // The SP's page posts the request: no CSRF token, the simulator shows its form.
    const shown = await fetch(`${handle.server.url}/sso/simulator/saml`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
      redirect: 'manual',
    });
    const html = await shown.text();
    expect(shown.status).toBe(200);
    const csrf = hiddenField(html, 'csrf');
    expect(csrf).toBeTruthy();
    expect(hiddenField(html, 'SAMLRequest')).toBe(fields.SAMLRequest);
    const answered = await postForm(
      handle.server,
      {
        csrf: csrf!,
        SAMLRequest: fields.SAMLRequest,
        RelayState: 'relay-post',
        email: 'ada.post@example.com',
        first_name: 'Ada',
        last_name: 'Lovelace',
        groups: '',
        attributes: '',
        outcome: 'success',
      },
      shown.headers.get('set-cookie')?.split(';')[0],
    );
    const auto = await answered.text();
    expect(answered.status).toBe(200);
    const response = Buffer.from(hiddenField(auto, 'SAMLResponse') ?? '', 'base64').toString('utf8');
    expect(response).toContain(`InResponseTo="${requestId}"`);
    expect(hiddenField(auto, 'RelayState')).toBe('relay-post');
    // The redirect binding still works as before.
    const { redirectUrl } = await createSamlAuthnRequest(ctx().db, conn.config, 'relay-redirect');
    expect((await openForm(redirectUrl)).status).toBe(200);
  });
});
