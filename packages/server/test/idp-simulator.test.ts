// The IdP simulator end to end over HTTP: a simulator connection is complete on creation, the
// metadata is real XML carrying the certificate pinned on it, and what the simulator posts is
// accepted by our SAML engine on success — and refused, for the right reason, in each error case.
import { X509Certificate } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { expect, it } from 'vitest';
import { SamlRejected } from '../src/sso/saml/saml-rejected.ts';
import { validateSamlResponse } from '../src/sso/saml/saml-response.ts';
import { simulatedLogin, simulatorConnection, type SimulatorConnection } from './helpers/idp-simulator.ts';
import { rest } from './helpers/rest.ts';
import { describeEachEngine, useServer } from './helpers/servers.ts';

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';

describeEachEngine('IdP simulator', (engine) => {
  const ctx = useServer(engine);
  const db = () => ctx.server.running.ctx.db;
  const publicUrl = () => ctx.server.running.ctx.config.publicUrl;
  const validate = (conn: SimulatorConnection, samlResponse: string) =>
    validateSamlResponse(db(), conn.config, samlResponse);
  const refusal = async (conn: SimulatorConnection, samlResponse: string) =>
    validate(conn, samlResponse).then(
      () => 'accepted',
      (error: unknown) => (error instanceof SamlRejected ? error.reason : Promise.reject(error)),
    );

  it('fills the IdP side of an IDP_SIMULATOR connection, so it is COMPLETED and can be enabled at once', async () => {
    const conn = await simulatorConnection(ctx.server, ctx.token);
    const got = await rest(ctx.server, 'GET', `/api/v1/connections/${conn.id}`, { token: ctx.token });
    expect(got.body.connection).toMatchObject({
      provider: 'IDP_SIMULATOR',
      type: 'SAML',
      status: 'COMPLETED',
    });
    expect(got.body.connection.saml_config).toMatchObject({
      idp_entity_id: `${publicUrl()}/sso/simulator`,
      idp_sso_url: `${publicUrl()}/sso/simulator/saml`,
    });
    const enabled = await rest(ctx.server, 'PATCH', `/api/v1/connections/${conn.id}:enable`, {
      token: ctx.token,
    });
    expect(enabled.body).toEqual({ enabled: true });
    // A second connection pins the same certificate: one key per environment.
    const other = await simulatorConnection(ctx.server, ctx.token);
    expect(other.config.idpCertificates).toEqual(conn.config.idpCertificates);
  });

  it('refuses an IDP_SIMULATOR connection of type OIDC: the simulator speaks SAML', async () => {
    const res = await rest(ctx.server, 'POST', '/api/v1/connections', {
      token: ctx.token,
      json: { provider: 'IDP_SIMULATOR', type: 'OIDC' },
    });
    expect(res.status).toBe(400);
  });

  it('serves IdP metadata as XML: entity id, SSO URL and the signing certificate', async () => {
    const conn = await simulatorConnection(ctx.server, ctx.token);
    const res = await fetch(`${ctx.server.url}/sso/simulator/metadata`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/samlmetadata+xml');
    const doc = new DOMParser().parseFromString(await res.text(), 'text/xml');
    const entity = doc.documentElement!;
    expect(entity.localName).toBe('EntityDescriptor');
    expect(entity.getAttribute('entityID')).toBe(`${publicUrl()}/sso/simulator`);
    const sso = doc.getElementsByTagNameNS(MD, 'SingleSignOnService')[0]!;
    expect(sso.getAttribute('Binding')).toBe('urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect');
    expect(sso.getAttribute('Location')).toBe(`${publicUrl()}/sso/simulator/saml`);
    const der = doc.getElementsByTagNameNS(DS, 'X509Certificate')[0]!.textContent!;
    const cert = new X509Certificate(Buffer.from(der, 'base64'));
    expect(cert.fingerprint256).toBe(new X509Certificate(conn.config.idpCertificates[0]!).fingerprint256);
  });

  it('signs in the typed user: the SP engine validates the response and reads the attributes', async () => {
    const conn = await simulatorConnection(ctx.server, ctx.token);
    const { samlResponse, relayState, html, response } = await simulatedLogin(ctx.server, conn, {
      email: 'grace@example.com',
      first_name: 'Grace',
      last_name: 'Hopper',
      groups: 'admins, engineering',
      attributes: 'department=R&D\nlocale=en-US\nlocale=fr-FR',
      outcome: 'success',
    });
    expect(relayState).toBe('relay-1');
    expect(html).toContain(`action="${conn.config.acsUrl}"`);
    expect(html).toContain('>Continue</button>');
    // One nonce'd script, allowed by the page's own policy and by nothing else.
    const csp = response.headers.get('content-security-policy')!;
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(html).toContain(`<script nonce="${nonce}">`);
    const login = await validate(conn, samlResponse);
    expect(login.relayState).toBe('relay-1');
    expect(login.profile).toMatchObject({
      nameId: 'grace@example.com',
      issuer: `${publicUrl()}/sso/simulator`,
      attributes: {
        email: ['grace@example.com'],
        firstName: ['Grace'],
        lastName: ['Hopper'],
        groups: ['admins', 'engineering'],
        department: ['R&D'],
        locale: ['en-US', 'fr-FR'],
      },
    });
    const xml = Buffer.from(samlResponse, 'base64').toString('utf8');
    expect(xml).toContain('Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"');
    expect(xml).toContain('Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"');
  });

  it.each([
    ['expired', 'expired'],
    ['wrong_audience', 'wrong_audience'],
    ['unsigned', 'invalid_signature'],
    // The error status carries no assertion (as real IdPs answer); the engine names the status.
    ['idp_error', 'status_not_success'],
  ])('error case %s is refused by the SP engine (%s)', async (outcome, reason) => {
    const conn = await simulatorConnection(ctx.server, ctx.token);
    const { samlResponse } = await simulatedLogin(ctx.server, conn, { email: 'eve@example.com', outcome });
    expect(await refusal(conn, samlResponse)).toBe(reason);
  });

  it('the error status says Responder / AuthnFailed', async () => {
    const conn = await simulatorConnection(ctx.server, ctx.token);
    const { samlResponse } = await simulatedLogin(ctx.server, conn, {
      email: 'eve@example.com',
      outcome: 'idp_error',
    });
    const xml = Buffer.from(samlResponse, 'base64').toString('utf8');
    expect(xml).toContain('urn:oasis:names:tc:SAML:2.0:status:Responder');
    expect(xml).toContain('urn:oasis:names:tc:SAML:2.0:status:AuthnFailed');
    expect(xml).not.toContain('Assertion');
  });

  it('a success response for one connection is refused by another (audience and recipient)', async () => {
    const conn = await simulatorConnection(ctx.server, ctx.token);
    const other = await simulatorConnection(ctx.server, ctx.token);
    const { samlResponse } = await simulatedLogin(ctx.server, conn, {
      email: 'ada@example.com',
      outcome: 'success',
    });
    expect(await refusal(other, samlResponse)).toMatch(/wrong_(audience|destination|recipient)/);
  });
});
