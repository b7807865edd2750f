// The SAML service provider's own key, through the API: a connection that turns on signed requests
// or encrypted assertions is pinned to the environment's SP certificate, publishes it in its SP
// metadata, and samlify — configured from that metadata alone, as a real IdP would be — verifies our
// signed AuthnRequests and encrypts its assertions to us. Then what must be refused, and how the key
// is kept: sealed, one per environment even when two instances create it at once, the same after a
// restart, and rolled over by pinning.
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { activeSpKey, nextSpKey, promoteNextSpKey } from '../src/sso/saml-sp-keys.ts';
import { SecretBox } from '../src/store/secret-box.ts';
import { startTestServer, type TestServer } from './harness.ts';
import { registerCallbacks } from './helpers/app-login.ts';
import { anotherInstance } from './helpers/instances.ts';
import type { Browserish } from './helpers/login.ts';
import { rest } from './helpers/rest.ts';
import { selfSignedKeyPair } from './helpers/saml-certs.ts';
import type { SpDescription } from './helpers/saml-idp.ts';
import { describeEachEngine, unique, useServer } from './helpers/servers.ts';
import {
  idpAnswer,
  postToAcs,
  samlLoginSteps,
  ssoOrganization,
  type SsoOrganization,
} from './helpers/sso-login.ts';

const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const strangerKeys = selfSignedKeyPair('someone else');

describeEachEngine('SAML SP keys through the API', (engine) => {
  const handle = useServer(engine, { GATEHOUSE_SEED_DEFAULT_ROLES: 'true' });
  const steps = samlLoginSteps(handle);
  const { connectionPath, patchSaml, metadataOf } = steps;

  beforeAll(async () => {
    await registerCallbacks(handle.server, handle.token);
  });

  /** An enabled SAML connection with these SP options on; returns its saml_config as answered. */
  async function orgWith(options: Record<string, boolean>) {
    const org = await ssoOrganization(handle.server, handle.token);
    const res = await patchSaml(org, options);
    expect(res.status).toBe(200);
    return { org, saml: res.body.connection.saml_config };
  }

  /** From the application's authorization for the organization to its IdP. */
  const toIdp = (org: SsoOrganization) =>
    steps.toIdp(steps.authorize({ organizationId: org.organizationId }));

  /** The IdP's answer posted to our ACS, followed to the application; the signed-in email. */
  const login = async (
    org: SsoOrganization,
    browser: Browserish,
    form: { SAMLResponse: string; RelayState: string },
  ) => steps.signedInEmail(await steps.throughAcs(browser, org, form));

  async function refusal(
    org: SsoOrganization,
    browser: Browserish,
    form: { SAMLResponse: string; RelayState: string },
  ) {
    const posted = await postToAcs(browser, org.sp.acsUrl, form);
    expect(posted.status).toBe(400);
    return posted.text();
  }

  const keyRow = (id: string) =>
    handle.server.running.ctx.db
      .selectFrom('saml_sp_keys')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();

  it('publishes no key until an option needs one, then the pinned certificate and AuthnRequestsSigned', async () => {
    const org = await ssoOrganization(handle.server, handle.token);
    const plain = await metadataOf(org);
    expect(plain).toContain('AuthnRequestsSigned="false"');
    expect(plain).not.toContain('KeyDescriptor');
    const got = await rest(handle.server, 'GET', connectionPath(org), { token: handle.token });
    expect(got.body.connection.saml_config).toMatchObject({
      want_request_signed: false,
      assertion_encrypted: false,
    });
    expect(got.body.connection.saml_config.certificate_id).toBeUndefined();

    const res = await patchSaml(org, { want_request_signed: true, assertion_encrypted: true });
    expect(res.status).toBe(200);
    const saml = res.body.connection.saml_config;
    expect(saml).toMatchObject({ want_request_signed: true, assertion_encrypted: true });
    expect(saml.certificate_id).toMatch(/^cert_[0-9a-z]{26}$/);
    const key = await keyRow(saml.certificate_id);
    expect(key.status).toBe('active');
    const body = new X509Certificate(key.certificate_pem).raw.toString('base64');
    const xml = await metadataOf(org);
    expect(xml).toContain('AuthnRequestsSigned="true"');
    expect(xml).toContain(`<md:KeyDescriptor use="signing">`);
    expect(xml).toContain(`<md:KeyDescriptor use="encryption">`);
    expect(xml.split(`<ds:X509Certificate>${body}</ds:X509Certificate>`)).toHaveLength(3);
    // RSA 2048 or more, valid now, for years.
    const cert = new X509Certificate(key.certificate_pem);
    expect(cert.publicKey.asymmetricKeyDetails?.modulusLength).toBeGreaterThanOrEqual(2048);
    expect(Date.parse(key.not_after)).toBeGreaterThan(Date.now() + 365 * 86_400_000);
    expect(Date.parse(cert.validFrom)).toBe(Date.parse(key.not_before));

    // Encryption only: the encryption KeyDescriptor alone, requests unsigned.
    const { org: encOnly } = await orgWith({ assertion_encrypted: true });
    const encXml = await metadataOf(encOnly);
    expect(encXml).toContain('AuthnRequestsSigned="false"');
    expect(encXml).not.toContain('use="signing"');
    expect(encXml).toContain('use="encryption"');
  });

  it('signs AuthnRequests that samlify verifies from our metadata, and a full login succeeds', async () => {
    const { org } = await orgWith({ want_request_signed: true });
    const sp: SpDescription = { ...org.sp, metadata: await metadataOf(org), requireSignedRequests: true };
    const signed = { ...org, sp };
    const { browser, idpUrl } = await toIdp(org);
    expect(idpUrl.searchParams.get('SigAlg')).toBe(RSA_SHA256);
    expect(idpUrl.searchParams.get('Signature')).toBeTruthy();
    const email = `signed-${unique()}@${org.domain}`;
    expect(await login(org, browser, await idpAnswer(signed, idpUrl, { nameId: email }))).toBe(email);

    // The same request with one bit of its Signature changed: samlify refuses it.
    const again = await toIdp(org);
    const signature = Buffer.from(again.idpUrl.searchParams.get('Signature')!, 'base64');
    signature[10]! ^= 0x01;
    const altered = new URL(again.idpUrl);
    altered.searchParams.set('Signature', signature.toString('base64'));
    await expect(org.idp.parseRequest(sp, altered.toString())).rejects.toThrow(/SIGNATURE/);
    // Unsigned (our signature stripped): refused too, so the IdP really checks.
    const stripped = new URL(again.idpUrl);
    stripped.searchParams.delete('Signature');
    stripped.searchParams.delete('SigAlg');
    await expect(org.idp.parseRequest(sp, stripped.toString())).rejects.toThrow(/MISSING_SIG_ALG/);
    // The untouched request still verifies.
    await expect(org.idp.parseRequest(sp, again.idpUrl.toString())).resolves.toBeTruthy();

    // A connection without the option sends no signature.
    const unsigned = await ssoOrganization(handle.server, handle.token);
    const { idpUrl: plainUrl } = await toIdp(unsigned);
    expect(plainUrl.searchParams.get('Signature')).toBeNull();
  });

  it('decrypts an assertion samlify encrypts to our certificate; refuses a plain one and one for another key', async () => {
    const { org } = await orgWith({ assertion_encrypted: true });
    const metadata = await metadataOf(org);
    const encrypted = { ...org, sp: { ...org.sp, metadata, encryptAssertion: true } };
    const email = `sealed-${unique()}@${org.domain}`;
    const first = await toIdp(org);
    const form = await idpAnswer(encrypted, first.idpUrl, { nameId: email });
    const posted = Buffer.from(form.SAMLResponse, 'base64').toString();
    expect(posted).toContain('EncryptedAssertion');
    expect(posted).not.toContain(email);
    expect(await login(org, first.browser, form)).toBe(email);

    // Signed by the right IdP, but in clear: refused for its own reason.
    const plain = { ...org, sp: { ...org.sp, metadata } };
    const second = await toIdp(org);
    expect(
      await refusal(org, second.browser, await idpAnswer(plain, second.idpUrl, { nameId: email })),
    ).toContain('assertion_not_encrypted');
    // Encrypted, but to a certificate that is not ours.
    const stranger = { ...org, sp: { ...org.sp, encryptionCertificatePem: strangerKeys.certificatePem } };
    const third = await toIdp(org);
    expect(
      await refusal(org, third.browser, await idpAnswer(stranger, third.idpUrl, { nameId: email })),
    ).toContain('decryption_failed');
    // The untouched path still works after the refusals.
    const fourth = await toIdp(org);
    expect(
      await login(org, fourth.browser, await idpAnswer(encrypted, fourth.idpUrl, { nameId: email })),
    ).toBe(email);
  });

  it('keeps the private key sealed at rest', async () => {
    const key = await activeSpKey(handle.server.running.ctx);
    const row = await keyRow(key.id);
    expect(row.private_key).toMatch(/^v1\./);
    expect(row.private_key).not.toContain('PRIVATE KEY');
    const opened = handle.server.running.ctx.box.open(row.private_key);
    expect(opened).toContain('BEGIN PRIVATE KEY');
    // The sealed key is the certificate's, and another master key cannot open it.
    expect(new X509Certificate(row.certificate_pem).checkPrivateKey(createPrivateKey(opened))).toBe(true);
    expect(() => new SecretBox(Buffer.alloc(32, 7)).open(row.private_key)).toThrow();
  });

  it('refuses a certificate_id that is malformed or names no SP key, and changes nothing', async () => {
    const { org, saml } = await orgWith({ want_request_signed: true });
    const bad = await patchSaml(org, { certificate_id: 'not-an-id' });
    expect(bad.status).toBe(400);
    const unknown = await patchSaml(org, { certificate_id: `cert_${'0'.repeat(26)}` });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('not a service-provider certificate');
    // An IdP certificate id is not an SP key either.
    const idpCertId: string = saml.idp_certificates[0].id;
    expect((await patchSaml(org, { certificate_id: idpCertId })).status).toBe(400);
    const after = await rest(handle.server, 'GET', connectionPath(org), { token: handle.token });
    expect(after.body.connection.saml_config.certificate_id).toBe(saml.certificate_id);
  });

  it('rolls over: a next key is pinned per connection, promotion keeps pinned connections on their key', async () => {
    const ctx = handle.server.running.ctx;
    const { org: early, saml: earlySaml } = await orgWith({ want_request_signed: true });
    const old = await activeSpKey(ctx);
    expect(earlySaml.certificate_id).toBe(old.id);
    const next = await nextSpKey(ctx);
    expect(next.id).not.toBe(old.id);
    expect((await nextSpKey(ctx)).id).toBe(next.id);
    // One connection moves to the next key ahead of the promotion.
    const { org: mover } = await orgWith({ assertion_encrypted: true });
    const moved = await patchSaml(mover, { certificate_id: next.id });
    expect(moved.body.connection.saml_config.certificate_id).toBe(next.id);
    expect(await metadataOf(mover)).toContain(
      new X509Certificate(next.certificatePem).raw.toString('base64'),
    );

    expect((await promoteNextSpKey(ctx))?.id).toBe(next.id);
    expect((await keyRow(old.id)).status).toBe('retired');
    expect((await activeSpKey(ctx)).id).toBe(next.id);
    // The early connection still signs with the key its IdP knows, and still logs in.
    const sp: SpDescription = { ...early.sp, metadata: await metadataOf(early), requireSignedRequests: true };
    expect(sp.metadata).toContain(new X509Certificate(old.certificatePem).raw.toString('base64'));
    const { browser, idpUrl } = await toIdp(early);
    const email = `roll-${unique()}@${early.domain}`;
    expect(await login(early, browser, await idpAnswer({ ...early, sp }, idpUrl, { nameId: email }))).toBe(
      email,
    );
    // New connections get the promoted key; the retired one can no longer be chosen.
    const { saml: later } = await orgWith({ want_request_signed: true });
    expect(later.certificate_id).toBe(next.id);
    const { org: other } = await orgWith({ want_request_signed: true });
    expect((await patchSaml(other, { certificate_id: old.id })).status).toBe(400);
  });
});

describeEachEngine('SAML SP key on one database shared by instances', (engine) => {
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    a = await startTestServer(engine);
    b = await anotherInstance(a);
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('creates one key when two instances need it at the same moment, and the same after a restart', async () => {
    const [fromA, fromB] = await Promise.all([activeSpKey(a.running.ctx), activeSpKey(b.running.ctx)]);
    expect(fromA.id).toBe(fromB.id);
    expect(fromA.certificatePem).toBe(fromB.certificatePem);
    const rows = await a.running.ctx.db.selectFrom('saml_sp_keys').select(['id', 'status']).execute();
    expect(rows).toEqual([{ id: fromA.id, status: 'active' }]);

    // A restart: a new instance (empty caches) on the same database and master key.
    await b.close();
    b = await anotherInstance(a);
    const afterRestart = await activeSpKey(b.running.ctx);
    expect(afterRestart.id).toBe(fromA.id);
    expect(afterRestart.certificatePem).toBe(fromA.certificatePem);
    expect(afterRestart.privateKeyPem).toBe(fromA.privateKeyPem);
  });
});
