// A SAML connection for tests: our SP configuration, the samlify IdP that serves it, and shortcuts
// for the SP-initiated round trip (AuthnRequest → IdP response) against the server's own database.
import type { Kysely } from 'kysely';
import type { SamlConnectionConfig } from '../../src/sso/saml/saml-config.ts';
import { createSamlAuthnRequest } from '../../src/sso/saml/saml-request.ts';
import { validateSamlResponse } from '../../src/sso/saml/saml-response.ts';
import type { Database } from '../../src/store/schema.ts';
import { selfSignedKeyPair, type TestKeyPair } from './saml-certs.ts';
import { EMAIL_FORMAT, TestIdp, type ResponseContent, type SpDescription } from './saml-idp.ts';

// RSA key generation is the slow part: one set of keys per test file.
export const idpKeys = selfSignedKeyPair('idp.example.test');
export const nextIdpKeys = selfSignedKeyPair('idp.example.test rollover');
export const attackerKeys = selfSignedKeyPair('idp.example.test');
export const spKeys = selfSignedKeyPair('sp.gatehouse.test');

export interface SamlFixture {
  db: Kysely<Database>;
  config: SamlConnectionConfig;
  idp: TestIdp;
  sp: SpDescription;
}

export function samlFixture(
  db: Kysely<Database>,
  overrides: Partial<SamlConnectionConfig> = {},
  idpKeyPair: TestKeyPair = idpKeys,
): SamlFixture {
  const connectionId = `conn_${crypto.randomUUID().slice(0, 12)}`;
  const idp = new TestIdp('https://idp.example.test', idpKeyPair);
  const config: SamlConnectionConfig = {
    connectionId,
    spEntityId: `https://sp.gatehouse.test/sso/saml/${connectionId}/metadata`,
    acsUrl: `https://sp.gatehouse.test/sso/saml/${connectionId}/acs`,
    idpEntityId: idp.entityId,
    idpSsoUrl: idp.ssoUrl,
    idpCertificates: [idpKeys.certificatePem],
    nameIdFormat: EMAIL_FORMAT,
    wantAssertionsSigned: true,
    allowIdpInitiated: false,
    ...overrides,
  };
  const sp: SpDescription = {
    entityId: config.spEntityId,
    acsUrl: config.acsUrl,
    signingCertificatePem: config.signRequests?.certificatePem,
    encryptionCertificatePem: config.decryption?.certificatePem,
    wantResponseSigned: config.wantResponseSigned,
  };
  return { db, config, idp, sp };
}

/** Sends an AuthnRequest through the IdP's parser and returns its id with the IdP's signed answer. */
export async function spInitiated(
  f: SamlFixture,
  content: Omit<ResponseContent, 'inResponseTo'> = { nameId: 'ada@example.com' },
  idp: TestIdp = f.idp,
  sp: SpDescription = f.sp,
): Promise<{ requestId: string; samlResponse: string }> {
  const { requestId, redirectUrl } = await createSamlAuthnRequest(f.db, f.config, 'state-1');
  const { parsed } = await f.idp.parseRequest(f.sp, redirectUrl);
  const answered = String((parsed.extract as { request: { id: string } }).request.id);
  const samlResponse = await idp.respond(sp, { ...content, inResponseTo: answered });
  return { requestId, samlResponse };
}

export const validate = (f: SamlFixture, samlResponse: string) =>
  validateSamlResponse(f.db, f.config, samlResponse);

/** The reason a validation was refused, or 'accepted'. */
export async function outcome(f: SamlFixture, samlResponse: string): Promise<string> {
  try {
    await validate(f, samlResponse);
    return 'accepted';
  } catch (error) {
    const reason = (error as { reason?: string }).reason;
    if (!reason) throw error;
    return reason;
  }
}
