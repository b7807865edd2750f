// Driving the IdP simulator over plain HTTP as a browser would: the SP (our SAML engine) makes an
// AuthnRequest for a simulator connection, the simulator's form is fetched (cookie + CSRF token),
// filled and posted, and the SAMLResponse is read from the auto-posting page.
import { deflateRawSync } from 'node:zlib';
import { expect } from 'vitest';
import type { SamlConnectionConfig } from '../../src/sso/saml/saml-config.ts';
import { createSamlAuthnRequest } from '../../src/sso/saml/saml-request.ts';
import type { TestServer } from '../harness.ts';
import { rest } from './rest.ts';

export const EMAIL_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';

export interface SimulatorConnection {
  id: string;
  config: SamlConnectionConfig;
}

/** An environment-level IDP_SIMULATOR connection, and the SP engine's view of it. */
export async function simulatorConnection(server: TestServer, token: string): Promise<SimulatorConnection> {
  const res = await rest(server, 'POST', '/api/v1/connections', {
    token,
    json: { provider: 'IDP_SIMULATOR', type: 'SAML' },
  });
  expect(res.status).toBe(200);
  const c = res.body.connection;
  return {
    id: c.id,
    config: {
      connectionId: c.id,
      spEntityId: c.saml_config.sp_entity_id,
      acsUrl: c.saml_config.sp_assertion_url,
      idpEntityId: c.saml_config.idp_entity_id,
      idpSsoUrl: c.saml_config.idp_sso_url,
      idpCertificates: c.saml_config.idp_certificates.map((x: { certificate: string }) => x.certificate),
      nameIdFormat: EMAIL_FORMAT,
      wantAssertionsSigned: true,
      allowIdpInitiated: false,
    },
  };
}

export interface SimulatorForm {
  status: number;
  html: string;
  cookie: string | undefined;
  csrf: string | undefined;
  samlRequest: string | undefined;
}

export async function openForm(url: string): Promise<SimulatorForm> {
  const res = await fetch(url, { redirect: 'manual' });
  const html = await res.text();
  return {
    status: res.status,
    html,
    cookie: res.headers.get('set-cookie')?.split(';')[0],
    csrf: hiddenField(html, 'csrf'),
    samlRequest: hiddenField(html, 'SAMLRequest'),
  };
}

export function hiddenField(html: string, name: string): string | undefined {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  return match?.[1]
    ?.replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

export async function postForm(
  server: TestServer,
  fields: Record<string, string>,
  cookie?: string,
): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (cookie) headers.cookie = cookie;
  return fetch(`${server.url}/sso/simulator/saml`, {
    method: 'POST',
    headers,
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

/** SP-initiated round trip through the simulator; returns the SAMLResponse and RelayState it posts. */
export async function simulatedLogin(
  server: TestServer,
  conn: SimulatorConnection,
  user: Record<string, string>,
): Promise<{ samlResponse: string; relayState: string | undefined; html: string; response: Response }> {
  const db = server.running.ctx.db;
  const { redirectUrl } = await createSamlAuthnRequest(db, conn.config, 'relay-1');
  const form = await openForm(redirectUrl);
  expect(form.status).toBe(200);
  const query = new URL(redirectUrl).searchParams;
  const response = await postForm(
    server,
    {
      csrf: form.csrf!,
      SAMLRequest: query.get('SAMLRequest')!,
      RelayState: query.get('RelayState') ?? '',
      ...user,
    },
    form.cookie,
  );
  const html = await response.text();
  expect(response.status).toBe(200);
  return {
    samlResponse: hiddenField(html, 'SAMLResponse')!,
    relayState: hiddenField(html, 'RelayState'),
    html,
    response,
  };
}

/** A hand-made AuthnRequest over the redirect binding, for requests the SP engine would never send. */
export function rawAuthnRequest(server: TestServer, xml: string, relayState?: string): string {
  const query = new URLSearchParams({ SAMLRequest: deflateRawSync(Buffer.from(xml)).toString('base64') });
  if (relayState !== undefined) query.set('RelayState', relayState);
  return `${server.url}/sso/simulator/saml?${query}`;
}

export function authnRequestXml(issuer: string, acsUrl?: string, id = '_req1'): string {
  const acs = acsUrl ? ` AssertionConsumerServiceURL="${acsUrl}"` : '';
  return (
    `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"` +
    ` ID="${id}" Version="2.0" IssueInstant="${new Date().toISOString()}"${acs}>` +
    `<saml:Issuer>${issuer}</saml:Issuer></samlp:AuthnRequest>`
  );
}
