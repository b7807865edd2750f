// What the IdP simulator must refuse: a request from an SP that is not a simulator connection, an
// ACS URL other than the connection's own (it must never post a signed assertion where an outsider
// asks), unsafe or malformed SAMLRequests, a POST without its CSRF cookie and token, and bad fields.
import { deflateRawSync } from 'node:zlib';
import { expect, it } from 'vitest';
import {
  authnRequestXml,
  hiddenField,
  openForm,
  postForm,
  rawAuthnRequest,
  simulatorConnection,
  type SimulatorConnection,
} from './helpers/idp-simulator.ts';
import { rest } from './helpers/rest.ts';
import { describeEachEngine, useServer } from './helpers/servers.ts';

describeEachEngine('IdP simulator refusals', (engine) => {
  const ctx = useServer(engine);
  const opened = async (conn: SimulatorConnection) => {
    const url = rawAuthnRequest(
      ctx.server,
      authnRequestXml(conn.config.spEntityId, conn.config.acsUrl),
      'rs',
    );
    const form = await openForm(url);
    expect(form.status).toBe(200);
    return form;
  };
  const fieldsOf = (form: Awaited<ReturnType<typeof openForm>>, extra: Record<string, string> = {}) => ({
    csrf: form.csrf!,
    SAMLRequest: form.samlRequest!,
    RelayState: 'rs',
    email: 'ada@example.com',
    outcome: 'success',
    ...extra,
  });

  it('refuses a request whose ACS URL is not the connection’s own', async () => {
    const conn = await simulatorConnection(ctx.server, ctx.token);
    for (const acs of [
      'https://attacker.example/acs',
      `${conn.config.acsUrl}/../../evil`,
      `${conn.config.acsUrl}x`,
    ]) {
      const form = await openForm(rawAuthnRequest(ctx.server, authnRequestXml(conn.config.spEntityId, acs)));
      expect(form.status).toBe(400);
      expect(form.html).toContain('ACS URL');
      expect(form.csrf).toBeUndefined();
    }
  });

  it('refuses a request from an unknown SP, or from a connection that does not use the simulator', async () => {
    const okta = await rest(ctx.server, 'POST', '/api/v1/connections', {
      token: ctx.token,
      json: { provider: 'OKTA', type: 'SAML' },
    });
    const oktaSp = okta.body.connection.saml_config;
    const conn = await simulatorConnection(ctx.server, ctx.token);
    const issuers = [
      'https://sp.elsewhere.example/metadata',
      oktaSp.sp_entity_id,
      `${conn.config.spEntityId}/extra`,
      `${ctx.server.running.ctx.config.publicUrl}/sso/saml/conn_00000000000000000000000000`,
    ];
    for (const issuer of issuers) {
      const form = await openForm(rawAuthnRequest(ctx.server, authnRequestXml(issuer)));
      expect(form.status, issuer).toBe(400);
      expect(form.html).toContain('no IDP_SIMULATOR connection');
    }
  });

  it('refuses DOCTYPE, malformed, oversized and non-AuthnRequest SAMLRequests', async () => {
    const conn = await simulatorConnection(ctx.server, ctx.token);
    const doctype = `<!DOCTYPE x [<!ENTITY e "boom">]>${authnRequestXml(conn.config.spEntityId)}`;
    const bomb = deflateRawSync(Buffer.alloc(10 * 1024 * 1024, 'a')).toString('base64');
    const urls = [
      rawAuthnRequest(ctx.server, doctype),
      rawAuthnRequest(ctx.server, '<not-closed'),
      rawAuthnRequest(
        ctx.server,
        '<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>',
      ),
      `${ctx.server.url}/sso/simulator/saml?SAMLRequest=${encodeURIComponent(bomb)}`,
      `${ctx.server.url}/sso/simulator/saml?SAMLRequest=%%%`,
      `${ctx.server.url}/sso/simulator/saml`,
      rawAuthnRequest(ctx.server, authnRequestXml(conn.config.spEntityId), 'r'.repeat(81)),
    ];
    for (const url of urls) {
      const form = await openForm(url);
      expect(form.status, url.slice(0, 120)).toBe(400);
      expect(form.csrf).toBeUndefined();
    }
  });

  it('refuses a POST without the browser cookie, with a wrong token, or with a token for another request', async () => {
    const conn = await simulatorConnection(ctx.server, ctx.token);
    const form = await opened(conn);
    expect((await postForm(ctx.server, fieldsOf(form))).status).toBe(403);
    expect((await postForm(ctx.server, fieldsOf(form, { csrf: 'x'.repeat(43) }), form.cookie)).status).toBe(
      403,
    );
    const other = await openForm(
      rawAuthnRequest(ctx.server, authnRequestXml(conn.config.spEntityId, undefined, '_other'), 'rs'),
    );
    const swapped = fieldsOf(form, { SAMLRequest: other.samlRequest! });
    expect((await postForm(ctx.server, swapped, form.cookie)).status).toBe(403);
    // Another browser's cookie with this token.
    expect((await postForm(ctx.server, fieldsOf(form), other.cookie)).status).toBe(403);
    const ok = await postForm(ctx.server, fieldsOf(form), form.cookie);
    expect(ok.status).toBe(200);
    expect(hiddenField(await ok.text(), 'SAMLResponse')).toBeTruthy();
  });

  it('sets the cookie HttpOnly and SameSite=Lax on the simulator path, and the strict page headers', async () => {
    const conn = await simulatorConnection(ctx.server, ctx.token);
    const res = await fetch(rawAuthnRequest(ctx.server, authnRequestXml(conn.config.spEntityId)));
    expect(res.headers.get('set-cookie')).toMatch(/; Path=\/sso\/simulator; HttpOnly; SameSite=Lax/);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('script-src');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('re-shows the form with the error for bad fields, and signs nothing', async () => {
    const conn = await simulatorConnection(ctx.server, ctx.token);
    const form = await opened(conn);
    const bad: Record<string, string>[] = [
      { email: 'not-an-email' },
      { outcome: 'forged_outcome' },
      { attributes: 'no equals sign here' },
      { attributes: '<x>=1' },
      { groups: Array.from({ length: 51 }, (_, i) => `g${i}`).join(',') },
    ];
    for (const extra of bad) {
      const res = await postForm(ctx.server, fieldsOf(form, extra), form.cookie);
      const html = await res.text();
      expect(res.status, JSON.stringify(extra)).toBe(400);
      expect(html).toContain('role="alert"');
      expect(hiddenField(html, 'SAMLResponse')).toBeUndefined();
    }
    const duplicated = `${new URLSearchParams(fieldsOf(form))}&email=b%40example.com`;
    const res = await fetch(`${ctx.server.url}/sso/simulator/saml`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie! },
      body: duplicated,
    });
    expect(res.status).toBe(400);
  });

  it('escapes what the developer types into the signed XML', async () => {
    const conn = await simulatorConnection(ctx.server, ctx.token);
    const form = await opened(conn);
    const res = await postForm(
      ctx.server,
      fieldsOf(form, { first_name: '</saml:Attribute><evil/>', attributes: 'note="><x/>' }),
      form.cookie,
    );
    const xml = Buffer.from(hiddenField(await res.text(), 'SAMLResponse')!, 'base64').toString('utf8');
    expect(xml).not.toContain('<evil/>');
    expect(xml).toContain('&lt;/saml:Attribute&gt;&lt;evil/&gt;');
  });

  it('answers 404 for other simulator paths and methods', async () => {
    expect((await fetch(`${ctx.server.url}/sso/simulator/nope`)).status).toBe(404);
    expect((await fetch(`${ctx.server.url}/sso/simulator/metadata`, { method: 'POST' })).status).toBe(404);
  });
});
