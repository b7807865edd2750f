// The SAML service provider against an independent IdP (samlify): SP-initiated and IdP-initiated
// logins, signed requests, certificate rollover and encrypted assertions, with the request and
// replay stores on every engine.
import { expect, it } from 'vitest';
import { SamlRejected } from '../src/sso/saml/saml-rejected.ts';
import { TestIdp } from './helpers/saml-idp.ts';
import {
  nextIdpKeys,
  outcome,
  samlFixture,
  spInitiated,
  spKeys,
  validate,
  idpKeys,
} from './helpers/saml-sp.ts';
import { describeEachEngine, useServer } from './helpers/servers.ts';

describeEachEngine('SAML service provider', (engine) => {
  const ctx = useServer(engine);
  const db = () => ctx.server.running.ctx.db;

  it('completes an SP-initiated login: request → samlify IdP → validated profile', async () => {
    const f = samlFixture(db());
    const { requestId, samlResponse } = await spInitiated(f, {
      nameId: 'ada@example.com',
      sessionIndex: '_sess_1',
      attributes: { email: ['ada@example.com'], groups: ['admins', 'eng'] },
    });
    const login = await validate(f, samlResponse);
    expect(login).toEqual({
      profile: {
        nameId: 'ada@example.com',
        nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
        sessionIndex: '_sess_1',
        attributes: { email: ['ada@example.com'], groups: ['admins', 'eng'] },
        issuer: 'https://idp.example.test',
        inResponseTo: requestId,
      },
      relayState: 'state-1',
      connectionTestId: null,
    });
    const row = await db()
      .selectFrom('saml_requests')
      .selectAll()
      .where('id', '=', requestId)
      .executeTakeFirstOrThrow();
    expect(row.consumed_at).not.toBeNull();
  });

  it('refuses the same response posted twice, and a response to an already answered request', async () => {
    const f = samlFixture(db());
    const { samlResponse } = await spInitiated(f);
    await validate(f, samlResponse);
    await expect(validate(f, samlResponse)).rejects.toMatchObject({ reason: 'replayed' });
    // The same request answered by a second, fresh assertion: the request was consumed already.
    const { requestId } = await spInitiated(f);
    const again = await f.idp.respond(f.sp, { nameId: 'ada@example.com', inResponseTo: requestId });
    await validate(f, again);
    const third = await f.idp.respond(f.sp, { nameId: 'ada@example.com', inResponseTo: requestId });
    expect(await outcome(f, third)).toBe('unknown_in_response_to');
  });

  it('lets only one of two concurrent posts of one response through', async () => {
    const f = samlFixture(db());
    const { samlResponse } = await spInitiated(f);
    const results = await Promise.allSettled([validate(f, samlResponse), validate(f, samlResponse)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(SamlRejected);
  });

  it('accepts IdP-initiated login only when the connection allows it', async () => {
    const allowed = samlFixture(db(), { allowIdpInitiated: true });
    const unsolicited = await allowed.idp.respond(allowed.sp, {
      nameId: 'ada@example.com',
      inResponseTo: null,
    });
    const login = await validate(allowed, unsolicited);
    expect(login.profile).toMatchObject({ nameId: 'ada@example.com', inResponseTo: null });
    expect(login.relayState).toBeNull();
    await expect(validate(allowed, unsolicited)).rejects.toMatchObject({ reason: 'replayed' });

    const refused = samlFixture(db(), { allowIdpInitiated: false });
    const response = await refused.idp.respond(refused.sp, { nameId: 'ada@example.com', inResponseTo: null });
    expect(await outcome(refused, response)).toBe('idp_initiated_not_allowed');
  });

  it('accepts the second pinned certificate during a rollover, and not a certificate no longer pinned', async () => {
    const f = samlFixture(db(), { idpCertificates: [idpKeys.certificatePem, nextIdpKeys.certificatePem] });
    const rolled = new TestIdp(f.idp.entityId, nextIdpKeys);
    const { samlResponse } = await spInitiated(f, { nameId: 'ada@example.com' }, rolled);
    expect((await validate(f, samlResponse)).profile.nameId).toBe('ada@example.com');
    const old = await spInitiated(f);
    expect(await outcome(f, old.samlResponse)).toBe('accepted');

    const afterRollover = samlFixture(db(), { idpCertificates: [nextIdpKeys.certificatePem] });
    const stale = await spInitiated(afterRollover);
    expect(await outcome(afterRollover, stale.samlResponse)).toBe('invalid_signature');
  });

  it('sends signed AuthnRequests that the IdP verifies, and refuses a tampered request signature', async () => {
    const f = samlFixture(db(), { signRequests: spKeys });
    const { samlResponse } = await spInitiated(f);
    expect((await validate(f, samlResponse)).profile.nameId).toBe('ada@example.com');
    const { redirectUrl } = await import('../src/sso/saml/saml-request.ts').then((m) =>
      m.createSamlAuthnRequest(f.db, f.config, 'state-2'),
    );
    const url = new URL(redirectUrl);
    expect(url.searchParams.get('SigAlg')).toBe('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
    url.searchParams.set('RelayState', 'state-changed');
    await expect(f.idp.parseRequest(f.sp, url.toString())).rejects.toBeTruthy();
  });

  it('decrypts an encrypted assertion, and refuses it without the decryption key', async () => {
    const f = samlFixture(db(), { decryption: spKeys });
    const { samlResponse } = await spInitiated(f, { nameId: 'enc@example.com', attributes: { role: ['x'] } });
    expect(Buffer.from(samlResponse, 'base64').toString()).toContain('EncryptedAssertion');
    expect(Buffer.from(samlResponse, 'base64').toString()).not.toContain('enc@example.com');
    const login = await validate(f, samlResponse);
    expect(login.profile).toMatchObject({ nameId: 'enc@example.com', attributes: { role: ['x'] } });

    const noKey = samlFixture(db());
    const encrypted = await spInitiated(noKey, { nameId: 'enc@example.com' }, noKey.idp, {
      ...noKey.sp,
      encryptionCertificatePem: spKeys.certificatePem,
    });
    expect(await outcome(noKey, encrypted.samlResponse)).toBe('decryption_failed');
  });

  it('requires the Response to be signed too when the connection says so', async () => {
    const f = samlFixture(db(), { wantResponseSigned: true });
    const both = await spInitiated(f);
    expect(await outcome(f, both.samlResponse)).toBe('accepted');
    const assertionOnly = await spInitiated(f, { nameId: 'ada@example.com' }, f.idp, {
      ...f.sp,
      wantResponseSigned: false,
    });
    expect(await outcome(f, assertionOnly.samlResponse)).toBe('invalid_signature');
  });

  it('forgets assertion ids and requests only after they expire', async () => {
    const { pruneSeenAssertions } = await import('../src/sso/saml/saml-replay-cache.ts');
    const f = samlFixture(db());
    const { samlResponse } = await spInitiated(f);
    await validate(f, samlResponse);
    await pruneSeenAssertions(db());
    await expect(validate(f, samlResponse)).rejects.toMatchObject({ reason: 'replayed' });
  });
});
