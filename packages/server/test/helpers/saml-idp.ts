// An independent SAML identity provider for tests: samlify (not node-saml) parses our AuthnRequests
// and signs (and optionally encrypts) its responses, with schema validation by xmllint. Each
// response's content is set by the test, including times and InResponseTo, to build refusals.
import * as validator from '@authenio/samlify-node-xmllint';
import samlify from 'samlify';
import type { TestKeyPair } from './saml-certs.ts';

samlify.setSchemaValidator(validator);

const POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
export const EMAIL_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';

export interface SpDescription {
  entityId: string;
  acsUrl: string;
  /** Our request-signing certificate, when requests are signed. */
  signingCertificatePem?: string;
  /** Encrypt assertions to this certificate. */
  encryptionCertificatePem?: string;
  /** Also sign the Response element. */
  wantResponseSigned?: boolean;
  /** false: sign only the Response, not the assertion (an attack on an SP that requires both). */
  signAssertion?: boolean;
  /**
   * Our SP metadata XML: samlify then learns the SP (certificates, AuthnRequestsSigned) from it alone,
   * and the fields above only set the response's values.
   */
  metadata?: string;
  /** With `metadata`: encrypt the assertion to the metadata's encryption certificate. */
  encryptAssertion?: boolean;
  /** With `metadata`: the IdP refuses an AuthnRequest not signed by the metadata's signing certificate. */
  requireSignedRequests?: boolean;
}

export interface ResponseContent {
  nameId: string;
  /** null: IdP-initiated (no InResponseTo anywhere). */
  inResponseTo: string | null;
  attributes?: Record<string, string[]>;
  sessionIndex?: string;
  /** Overrides of the template's values (Audience, SubjectRecipient, Destination, times...). */
  values?: Record<string, string>;
}

const TEMPLATE =
  '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="{ID}" Version="2.0" IssueInstant="{IssueInstant}" Destination="{Destination}" InResponseTo="{InResponseTo}">' +
  '<saml:Issuer>{Issuer}</saml:Issuer><samlp:Status><samlp:StatusCode Value="{StatusCode}"/></samlp:Status>' +
  '<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="{AssertionID}" Version="2.0" IssueInstant="{IssueInstant}">' +
  '<saml:Issuer>{Issuer}</saml:Issuer><saml:Subject><saml:NameID Format="{NameIDFormat}">{NameID}</saml:NameID>' +
  '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="{SubjectConfirmationDataNotOnOrAfter}" Recipient="{SubjectRecipient}" InResponseTo="{InResponseTo}"/></saml:SubjectConfirmation></saml:Subject>' +
  '<saml:Conditions NotBefore="{ConditionsNotBefore}" NotOnOrAfter="{ConditionsNotOnOrAfter}"><saml:AudienceRestriction><saml:Audience>{Audience}</saml:Audience></saml:AudienceRestriction></saml:Conditions>' +
  '<saml:AuthnStatement AuthnInstant="{IssueInstant}" SessionIndex="{SessionIndex}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>' +
  '{AttributeStatement}</saml:Assertion></samlp:Response>';

const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function attributeStatement(attributes: Record<string, string[]>): string {
  const entries = Object.entries(attributes);
  if (entries.length === 0) return '';
  const body = entries
    .map(
      ([name, values]) =>
        `<saml:Attribute Name="${escapeXml(name)}">${values
          .map((v) => `<saml:AttributeValue>${escapeXml(v)}</saml:AttributeValue>`)
          .join('')}</saml:Attribute>`,
    )
    .join('');
  return `<saml:AttributeStatement>${body}</saml:AttributeStatement>`;
}

export class TestIdp {
  readonly ssoUrl: string;
  constructor(
    readonly entityId: string,
    readonly keys: TestKeyPair,
  ) {
    this.ssoUrl = `${entityId}/sso`;
  }

  private idp(encrypt: boolean) {
    return samlify.IdentityProvider({
      entityID: this.entityId,
      privateKey: this.keys.privateKeyPem,
      signingCert: this.keys.certificatePem,
      singleSignOnService: [{ Binding: REDIRECT, Location: this.ssoUrl }],
      nameIDFormat: [EMAIL_FORMAT],
      requestSignatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
      isAssertionEncrypted: encrypt,
    });
  }

  private sp(sp: SpDescription) {
    if (sp.metadata !== undefined) return samlify.ServiceProvider({ metadata: sp.metadata });
    return samlify.ServiceProvider({
      entityID: sp.entityId,
      assertionConsumerService: [{ Binding: POST, Location: sp.acsUrl }],
      wantAssertionsSigned: sp.signAssertion !== false,
      wantMessageSigned: sp.wantResponseSigned === true,
      authnRequestsSigned: sp.signingCertificatePem !== undefined,
      signingCert: sp.signingCertificatePem,
      encryptCert: sp.encryptionCertificatePem,
    });
  }

  /** Parses (and, when signed, verifies) an AuthnRequest from our redirect URL, as the IdP would. */
  async parseRequest(sp: SpDescription, redirectUrl: string) {
    const url = new URL(redirectUrl);
    const query = Object.fromEntries(url.searchParams);
    const octetString = url.search
      .slice(1)
      .split('&')
      .filter((p) => !p.startsWith('Signature='))
      .join('&');
    const idp = samlify.IdentityProvider({
      entityID: this.entityId,
      signingCert: this.keys.certificatePem,
      singleSignOnService: [{ Binding: REDIRECT, Location: this.ssoUrl }],
      wantAuthnRequestsSigned: sp.signingCertificatePem !== undefined || sp.requireSignedRequests === true,
    });
    const parsed = await idp.parseLoginRequest(this.sp(sp), 'redirect', { query, octetString });
    return { parsed, relayState: query.RelayState ?? null };
  }

  /**
   * Parses an AuthnRequest posted to the IdP (HTTP-POST binding) as an IdP configured for that
   * binding would; a signed one is verified against the SP's signing certificate (XML signature).
   */
  async parsePostRequest(sp: SpDescription, body: { SAMLRequest: string; RelayState?: string }) {
    const idp = samlify.IdentityProvider({
      entityID: this.entityId,
      signingCert: this.keys.certificatePem,
      singleSignOnService: [{ Binding: POST, Location: this.ssoUrl }],
      wantAuthnRequestsSigned: sp.signingCertificatePem !== undefined || sp.requireSignedRequests === true,
    });
    const parsed = await idp.parseLoginRequest(this.sp(sp), 'post', { body });
    return { parsed, relayState: body.RelayState ?? null };
  }

  /** A base64 SAMLResponse for `sp`, signed (assertion; and response when asked), maybe encrypted. */
  async respond(sp: SpDescription, content: ResponseContent): Promise<string> {
    const now = new Date();
    const later = new Date(now.getTime() + 5 * 60_000).toISOString();
    const idp = this.idp(sp.encryptionCertificatePem !== undefined || sp.encryptAssertion === true);
    const values: Record<string, string | null> = {
      ID: `_${crypto.randomUUID()}`,
      AssertionID: `_${crypto.randomUUID()}`,
      Destination: sp.acsUrl,
      Audience: sp.entityId,
      SubjectRecipient: sp.acsUrl,
      Issuer: this.entityId,
      IssueInstant: now.toISOString(),
      StatusCode: 'urn:oasis:names:tc:SAML:2.0:status:Success',
      ConditionsNotBefore: now.toISOString(),
      ConditionsNotOnOrAfter: later,
      SubjectConfirmationDataNotOnOrAfter: later,
      NameIDFormat: EMAIL_FORMAT,
      NameID: content.nameId,
      InResponseTo: content.inResponseTo,
      SessionIndex: content.sessionIndex ?? `_session_${crypto.randomUUID()}`,
      ...content.values,
    };
    const { context } = await idp.createLoginResponse(this.sp(sp), { extract: {} }, 'post', {}, () => ({
      id: values.ID!,
      // samlify escapes each value; the attribute statement is markup, so it goes in first.
      context: samlify.SamlLib.replaceTagsByValue(
        TEMPLATE.replace('{AttributeStatement}', attributeStatement(content.attributes ?? {})),
        values,
      ),
    }));
    return context;
  }
}
