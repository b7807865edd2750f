// IdP metadata imported from inside Gatehouse, on every engine: the document the admin portal
// pastes goes through the API's update path (and replaces an imported URL), and the refresh job
// lets an IdP's certificate rollover flow through while its failures change nothing. Imports
// through the API are in saml-idp-metadata.test.ts.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { importIdpMetadataUrl, importIdpMetadataXml } from '../src/connections/idp-metadata-import.ts';
import { refreshImportedMetadata } from '../src/connections/idp-metadata-refresh.ts';
import {
  badDocuments,
  certificateBodies,
  fixture,
  type MetadataServer,
} from './helpers/idp-metadata-docs.ts';
import { metadataImportCalls, startFixtureMetadataServer } from './helpers/idp-metadata-import.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';
import { pemBody, selfSignedCertificate } from './helpers/x509.ts';

describeEachEngine('IdP metadata: portal paste and refresh', (engine) => {
  const handle = useServer(engine, { GATEHOUSE_SEED_DEFAULT_ROLES: 'true' });
  const { app, call, samlConnection, snapshot } = metadataImportCalls(handle);
  let metadata: MetadataServer;

  beforeAll(async () => {
    metadata = await startFixtureMetadataServer();
  });
  afterAll(() => metadata?.close());

  it("imports a pasted document for the admin portal through the API's update path", async () => {
    const c = await samlConnection();
    await importIdpMetadataUrl(app(), c.id, `${metadata.url}/okta.xml`);
    await importIdpMetadataXml(app(), c.id, fixture('google'));
    const after = await snapshot(c.path, c.id);
    expect(after.connection.status).toBe('COMPLETED');
    expect(after.connection.saml_config).toMatchObject({
      idp_entity_id: 'https://accounts.google.com/o/saml2?idpid=C03xk9q2m',
    });
    // A pasted document replaces the URL: nothing refreshes from it any more.
    expect(after.connection.saml_config.idp_metadata_url).toBeUndefined();
    expect(after.events).toBe(2);
    const bad = await importIdpMetadataXml(app(), c.id, badDocuments.doctype()).catch((e: unknown) => e);
    expect(bad).toMatchObject({ errorCode: 'INVALID_ARGUMENT' });
    expect(await snapshot(c.path, c.id)).toEqual(after);
    expect(
      await importIdpMetadataXml(app(), 'conn_missing', fixture('okta')).catch((e: unknown) => e),
    ).toMatchObject({
      errorCode: 'NOT_FOUND',
    });
    const oidc = await call('POST', `/api/v1/organizations/${c.orgId}/connections`, {
      provider: 'OKTA',
      type: 'OIDC',
    });
    expect(
      await importIdpMetadataXml(app(), oidc.body.connection.id, fixture('okta')).catch((e: unknown) => e),
    ).toMatchObject({ errorCode: 'INVALID_ARGUMENT', message: expect.stringMatching(/only for SAML/) });
  });

  it("refreshes imported connections: an IdP's certificate rollover flows through, failures change nothing", async () => {
    const c = await samlConnection();
    const path = `/rollover-${unique()}.xml`;
    const okta = fixture('okta');
    const [current] = certificateBodies(okta);
    metadata.answers.set(path, { status: 200, body: okta });
    expect(
      (await call('PATCH', c.path, { saml_config: { idp_metadata_url: `${metadata.url}${path}` } })).status,
    ).toBe(200);
    const initial = await snapshot(c.path, c.id);
    // Nothing changed at the IdP: no write, no event.
    await refreshImportedMetadata(app());
    expect(await snapshot(c.path, c.id)).toEqual(initial);
    // The IdP publishes its next certificate beside the current one…
    const next = pemBody(selfSignedCertificate('Okta next'));
    const keyDescriptor = (body: string) =>
      `<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${body}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`;
    const both = okta.replace('<md:NameIDFormat>', `${keyDescriptor(next)}<md:NameIDFormat>`);
    metadata.answers.set(path, { status: 200, body: both });
    const outcome = await refreshImportedMetadata(app());
    expect(outcome.updated).toBeGreaterThanOrEqual(1);
    const rolled = await snapshot(c.path, c.id);
    const pinned = (s: typeof rolled) =>
      s.connection.saml_config.idp_certificates.map((x: { certificate: string }) => pemBody(x.certificate));
    expect(pinned(rolled)).toEqual([current, next]);
    expect(rolled.events).toBe(initial.events + 1);
    // The certificate kept its identity across the refresh.
    expect(rolled.connection.saml_config.idp_certificates[0].id).toBe(
      initial.connection.saml_config.idp_certificates[0].id,
    );
    // …then drops the old one.
    metadata.answers.set(path, { status: 200, body: okta.replace(current!, next) });
    await refreshImportedMetadata(app());
    const switched = await snapshot(c.path, c.id);
    expect(pinned(switched)).toEqual([next]);
    // Failures are logged and leave the connection as it was: an error answer, a broken document,
    // a document that now names another IdP.
    for (const answer of [
      { status: 503, body: 'maintenance' },
      { status: 200, body: badDocuments.brokenCertificate() },
      { status: 200, body: okta.replace(current!, next).replace('exk1fx8rdjCZ5yTq5697"', 'exkOTHER"') },
    ]) {
      metadata.answers.set(path, answer);
      const failed = await refreshImportedMetadata(app());
      expect(failed.failed).toBeGreaterThanOrEqual(1);
      expect(await snapshot(c.path, c.id)).toEqual(switched);
    }
  });
});
