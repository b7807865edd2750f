// IdP metadata import, on every engine: by URL over REST, gRPC and our SDK (explicit fields
// winning), samlify's own metadata leading to a working SP-initiated login — and every hostile or
// broken document, address or answer refused with INVALID_ARGUMENT, leaving the connection exactly
// as it was. The portal's paste and the refresh are in saml-idp-metadata-refresh.test.ts; the
// documents themselves are tested in saml-idp-metadata-documents.test.ts.
import { Code, createClient } from '@connectrpc/connect';
import {
  ConnectionService,
  NameIdFormat,
  RequestBinding,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js';
import { Scalekit } from '@scalekit-sdk/node';
import { VerificationStatus } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js';
import samlify from 'samlify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Gatehouse, GatehouseError } from '../../sdk/src/index.ts';
import type { AppContext } from '../src/app-context.ts';
import { ApiError } from '../src/contract/api-error.ts';
import { importIdpMetadataUrl } from '../src/connections/idp-metadata-import.ts';
import { CALLBACK, registerCallbacks } from './helpers/app-login.ts';
import { authorizedTransport, expectConnectError } from './helpers/grpc.ts';
import { badDocuments, fixture, type MetadataServer } from './helpers/idp-metadata-docs.ts';
import { metadataImportCalls, startFixtureMetadataServer } from './helpers/idp-metadata-import.ts';
import { Browserish } from './helpers/login.ts';
import { expectRestError } from './helpers/rest.ts';
import { selfSignedKeyPair } from './helpers/saml-certs.ts';
import { TestIdp } from './helpers/saml-idp.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';
import { idpAnswer, postToAcs, type SsoOrganization } from './helpers/sso-login.ts';
import { pemBody, selfSignedCertificate } from './helpers/x509.ts';

const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const EMAIL = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';

describeEachEngine('IdP metadata import', (engine) => {
  const handle = useServer(engine, { GATEHOUSE_SEED_DEFAULT_ROLES: 'true' });
  const { app, call, samlConnection, updateEvents, snapshot } = metadataImportCalls(handle);
  let metadata: MetadataServer;

  beforeAll(async () => {
    metadata = await startFixtureMetadataServer();
  });
  afterAll(() => metadata?.close());

  it('imports Okta metadata by URL over REST: values applied, URL kept, status and event as for a manual update', async () => {
    const c = await samlConnection();
    const url = `${metadata.url}/okta.xml`;
    const res = await call('PATCH', c.path, { saml_config: { idp_metadata_url: url } });
    expect(res.status).toBe(200);
    const saml = res.body.connection.saml_config;
    expect(saml).toMatchObject({
      idp_metadata_url: url,
      idp_entity_id: 'http://www.okta.com/exk1fx8rdjCZ5yTq5697',
      idp_sso_url:
        'https://gatehouse-demo.okta.com/app/gatehouse-demo_gatehouse_1/exk1fx8rdjCZ5yTq5697/sso/saml',
      idp_sso_request_binding: 'HTTP_REDIRECT',
      idp_name_id_format: 'EMAIL',
    });
    expect(saml.idp_slo_url).toBeUndefined();
    expect(saml.idp_certificates.map((x: { issuer: string }) => x.issuer)).toEqual([
      'CN=Okta exk1fx8rdjCZ5yTq5697',
    ]);
    expect(res.body.connection.status).toBe('COMPLETED');
    const events = await updateEvents(c.id);
    expect(events).toHaveLength(1);
    expect(events[0].connection).toMatchObject({ id: c.id, status: 'COMPLETED' });
    expect(metadata.requests).toContain('/okta.xml');
    // Enabling works as for a connection configured by hand.
    expect((await call('PATCH', `${c.path}:enable`)).status).toBe(200);
  });

  it('turns on signed AuthnRequests, with an SP certificate, for an IdP whose metadata wants them', async () => {
    const c = await samlConnection();
    const wants = fixture('okta').replace(
      'WantAuthnRequestsSigned="false"',
      'WantAuthnRequestsSigned="true"',
    );
    metadata.answers.set('/wants-signed.xml', { status: 200, body: wants });
    const res = await call('PATCH', c.path, {
      saml_config: { idp_metadata_url: `${metadata.url}/wants-signed.xml` },
    });
    expect(res.status).toBe(200);
    expect(res.body.connection.saml_config.want_request_signed).toBe(true);
    expect(res.body.connection.saml_config.certificate_id).toMatch(/^cert_/);
    // The untouched Okta document leaves the setting as it was.
    const plain = await samlConnection();
    const off = await call('PATCH', plain.path, {
      saml_config: { idp_metadata_url: `${metadata.url}/okta.xml` },
    });
    expect(off.body.connection.saml_config.want_request_signed).toBe(false);
  });

  it('lets fields given explicitly in the same request win over the metadata', async () => {
    const c = await samlConnection();
    const ownCert = selfSignedCertificate('pinned.example.com');
    const res = await call('PATCH', c.path, {
      saml_config: {
        idp_metadata_url: `${metadata.url}/entra-id.xml`,
        idp_sso_url: 'https://sso.corp.example.com/saml2',
        idp_name_id_format: 'PERSISTENT',
        idp_certificate: ownCert,
      },
    });
    expect(res.status).toBe(200);
    const saml = res.body.connection.saml_config;
    expect(saml).toMatchObject({
      idp_entity_id: 'https://sts.windows.net/4f1c2b7e-9d3a-4c8e-a6b5-0e7d1f2a3b4c/',
      idp_sso_url: 'https://sso.corp.example.com/saml2',
      idp_slo_url: 'https://login.microsoftonline.com/4f1c2b7e-9d3a-4c8e-a6b5-0e7d1f2a3b4c/saml2',
      idp_name_id_format: 'PERSISTENT',
    });
    expect(saml.idp_certificates.map((x: { certificate: string }) => pemBody(x.certificate))).toEqual([
      pemBody(ownCert),
    ]);
    // Without the explicit certificate both of the metadata's are pinned (rollover).
    const again = await call('PATCH', c.path, {
      saml_config: { idp_metadata_url: `${metadata.url}/entra-id.xml` },
    });
    expect(again.body.connection.saml_config.idp_certificates).toHaveLength(2);
    // An empty URL forgets it (no refresh any more) and keeps the imported values.
    const cleared = await call('PATCH', c.path, { saml_config: { idp_metadata_url: '' } });
    expect(cleared.body.connection.saml_config.idp_metadata_url).toBeUndefined();
    expect(cleared.body.connection.saml_config.idp_certificates).toHaveLength(2);
  });

  it('imports over gRPC, and refuses there with InvalidArgument', async () => {
    const c = await samlConnection();
    const client = createClient(
      ConnectionService,
      authorizedTransport(handle.server.url, `Bearer ${handle.token}`),
    );
    const update = (idpMetadataUrl: string) =>
      client.updateConnection({
        organizationId: c.orgId,
        id: c.id,
        connection: { settings: { case: 'samlConfig', value: { idpMetadataUrl } } },
      });
    const { connection } = await update(`${metadata.url}/google.xml`);
    const saml = connection?.settings.case === 'samlConfig' ? connection.settings.value : undefined;
    expect(saml).toMatchObject({
      idpMetadataUrl: `${metadata.url}/google.xml`,
      idpEntityId: 'https://accounts.google.com/o/saml2?idpid=C03xk9q2m',
      idpSsoUrl: 'https://accounts.google.com/o/saml2/idp?idpid=C03xk9q2m',
      idpSsoRequestBinding: RequestBinding.HTTP_REDIRECT,
      idpNameIdFormat: NameIdFormat.EMAIL,
    });
    const before = await snapshot(c.path, c.id);
    const error = await expectConnectError(
      update(`${metadata.url}/missing.xml`),
      Code.InvalidArgument,
      'INVALID_ARGUMENT',
    );
    expect(error.rawMessage).toMatch(/answered HTTP 404/);
    expect(await snapshot(c.path, c.id)).toEqual(before);
  });

  it('imports through our SDK (updateConnection), and refuses there with INVALID_ARGUMENT', async () => {
    const c = await samlConnection();
    const sdk = new Gatehouse(handle.server.url, handle.server.clientId, handle.server.clientSecret);
    const { connection } = await sdk.connection.updateConnection(c.orgId, c.id, {
      samlConfig: { idpMetadataUrl: `${metadata.url}/entra-id.xml` },
    });
    expect(connection.status).toBe('COMPLETED');
    expect(connection.samlConfig).toMatchObject({
      idpMetadataUrl: `${metadata.url}/entra-id.xml`,
      idpEntityId: 'https://sts.windows.net/4f1c2b7e-9d3a-4c8e-a6b5-0e7d1f2a3b4c/',
    });
    expect(connection.samlConfig?.idpCertificates).toHaveLength(2);
    const before = await snapshot(c.path, c.id);
    const refused = await sdk.connection
      .updateConnection(c.orgId, c.id, { samlConfig: { idpMetadataUrl: `${metadata.url}/nowhere.xml` } })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(GatehouseError);
    expect((refused as GatehouseError).errorCode).toBe('INVALID_ARGUMENT');
    expect(await snapshot(c.path, c.id)).toEqual(before);
  });

  it('refuses every bad document or answer with INVALID_ARGUMENT and leaves the connection unchanged', async () => {
    const c = await samlConnection();
    const good = await call('PATCH', c.path, {
      saml_config: { idp_metadata_url: `${metadata.url}/okta.xml` },
    });
    expect(good.status).toBe(200);
    const before = await snapshot(c.path, c.id);
    const served: [string, { status: number; body: string }, RegExp][] = [
      ['/doctype.xml', { status: 200, body: badDocuments.doctype() }, /DOCTYPE or entity declaration/],
      ['/oversized.xml', { status: 200, body: badDocuments.oversized() }, /larger than 1024 KB/],
      ['/no-idp.xml', { status: 200, body: badDocuments.noIdpDescriptor() }, /no IDPSSODescriptor/],
      ['/two-idps.xml', { status: 200, body: badDocuments.twoIdps() }, /2 identity providers/],
      ['/broken-cert.xml', { status: 200, body: badDocuments.brokenCertificate() }, /signing certificate 1/],
      ['/expired.xml', { status: 200, body: badDocuments.expired() }, /expired at 2021-06-30/],
      ['/http-sso.xml', { status: 200, body: badDocuments.httpSsoUrl() }, /must be an https URL/],
      ['/error.xml', { status: 500, body: 'upstream broke' }, /answered HTTP 500/],
      ['/moved.xml', { status: 302, body: '' }, /redirects are not followed/],
    ];
    for (const [path, answer, message] of served) {
      metadata.answers.set(path, answer);
      const res = await call('PATCH', c.path, {
        saml_config: { idp_metadata_url: `${metadata.url}${path}`, force_authn: true },
      });
      expectRestError(res, 400, 3, 'INVALID_ARGUMENT');
      expect(res.body.message, path).toMatch(message);
    }
    for (const [url, message] of [
      ['ftp://idp.example.com/metadata.xml', /must be an https URL/],
      ['not a url', /not a URL/],
    ] as const) {
      const res = await call('PATCH', c.path, { saml_config: { idp_metadata_url: url } });
      expectRestError(res, 400, 3, 'INVALID_ARGUMENT');
      expect(res.body.message).toMatch(message);
    }
    expect(await snapshot(c.path, c.id)).toEqual(before);
  });

  it('gives up on an IdP that does not answer within 5 seconds', async () => {
    const c = await samlConnection();
    const before = await snapshot(c.path, c.id);
    metadata.answers.set('/hang.xml', 'hang');
    const started = Date.now();
    const res = await call('PATCH', c.path, {
      saml_config: { idp_metadata_url: `${metadata.url}/hang.xml` },
    });
    expectRestError(res, 400, 3, 'INVALID_ARGUMENT');
    expect(res.body.message).toMatch(/no answer within 5 s/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_900);
    expect(Date.now() - started).toBeLessThan(9_000);
    expect(await snapshot(c.path, c.id)).toEqual(before);
  });

  it('refuses private addresses and plain http when the outbound guard is active', async () => {
    const c = await samlConnection();
    const before = await snapshot(c.path, c.id);
    const guarded: AppContext = { ...app(), config: { ...app().config, webhookAllowPrivate: false } };
    const port = new URL(metadata.url).port;
    for (const [url, message] of [
      [`https://127.0.0.1:${port}/okta.xml`, /private or loopback address, which is refused/],
      [`https://localhost:${port}/okta.xml`, /private or loopback address, which is refused/],
      ['https://10.1.2.3/metadata.xml', /private or loopback address, which is refused/],
      ['https://[::1]/metadata.xml', /private or loopback address, which is refused/],
      [`${metadata.url}/okta.xml`, /must be an https URL/],
    ] as const) {
      const error = await importIdpMetadataUrl(guarded, c.id, url).catch((e: unknown) => e);
      expect(error, url).toBeInstanceOf(ApiError);
      expect((error as ApiError).errorCode).toBe('INVALID_ARGUMENT');
      expect((error as ApiError).message, url).toMatch(message);
    }
    expect(await snapshot(c.path, c.id)).toEqual(before);
    // The same URL where private addresses are allowed (this test server's setting) is imported.
    await importIdpMetadataUrl(app(), c.id, `${metadata.url}/okta.xml`);
    expect((await snapshot(c.path, c.id)).connection.saml_config.idp_metadata_url).toBe(
      `${metadata.url}/okta.xml`,
    );
  });

  it("imports samlify's own IdP metadata by URL, then signs in through that IdP (SP-initiated)", async () => {
    const keys = selfSignedKeyPair('samlify-idp.example.test');
    const entityId = `${metadata.url}/samlify-${unique()}`;
    const idp = new TestIdp(entityId, keys);
    const samlifyIdp = samlify.IdentityProvider({
      entityID: entityId,
      signingCert: keys.certificatePem,
      singleSignOnService: [{ Binding: REDIRECT, Location: idp.ssoUrl }],
      nameIDFormat: [EMAIL],
    });
    metadata.answers.set('/samlify.xml', { status: 200, body: samlifyIdp.getMetadata() });

    const org = await call('POST', '/api/v1/organizations', { display_name: `Samlify ${unique()}` });
    const orgId: string = org.body.organization.id;
    await call('PATCH', `/api/v1/organizations/${orgId}/settings`, {
      features: [{ name: 'sso', enabled: true }],
    });
    const created = await call('POST', `/api/v1/organizations/${orgId}/connections`, {
      provider: 'CUSTOM',
      type: 'SAML',
    });
    const connectionId: string = created.body.connection.id;
    const path = `/api/v1/organizations/${orgId}/connections/${connectionId}`;
    const imported = await call('PATCH', path, {
      saml_config: { idp_metadata_url: `${metadata.url}/samlify.xml` },
    });
    expect(imported.status).toBe(200);
    expect(imported.body.connection.saml_config).toMatchObject({
      idp_entity_id: entityId,
      idp_sso_url: idp.ssoUrl,
    });
    expect((await call('PATCH', `${path}:enable`)).status).toBe(200);
    // Only people of a verified domain of the organization sign in through its IdP.
    const domain = `samlify-${unique()}.example.com`;
    const made = await call('POST', `/api/v1/organizations/${orgId}/domains`, {
      domain,
      domain_type: 'ORGANIZATION_DOMAIN',
    });
    await app()
      .db.updateTable('domains')
      .set({ verification_status: VerificationStatus.VERIFIED })
      .where('id', '=', made.body.domain.id)
      .execute();
    expect((await call('PUT', `${path}/domains`, { domain_ids: [made.body.domain.id] })).status).toBe(200);

    await registerCallbacks(handle.server, handle.token);
    const scalekit = new Scalekit(handle.server.url, handle.server.clientId, handle.server.clientSecret);
    const browser = new Browserish(handle.server.url);
    const start = scalekit.getAuthorizationUrl(CALLBACK, {
      scopes: ['openid', 'email'],
      state: 's1',
      connectionId,
    });
    const { external: idpRedirect } = await browser.follow(await browser.get(start));
    const saml = imported.body.connection.saml_config;
    const sso: SsoOrganization = {
      organizationId: orgId,
      organizationName: org.body.organization.display_name,
      connectionId,
      domain,
      idp,
      sp: { entityId: saml.sp_entity_id, acsUrl: saml.sp_assertion_url },
    };
    const email = `grace-${unique()}@${domain}`;
    const form = await idpAnswer(sso, idpRedirect!, { nameId: email, attributes: { email: [email] } });
    const posted = await postToAcs(browser, sso.sp.acsUrl, form);
    expect(posted.status).toBe(303);
    const { external: back } = await browser.follow(posted);
    expect(`${back?.origin}${back?.pathname}`).toBe(CALLBACK);
    const result = await scalekit.authenticateWithCode(back?.searchParams.get('code') ?? '', CALLBACK);
    expect(result.user.email).toBe(email);
  });
});
