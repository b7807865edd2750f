// The identity provider of the SSO round-trip benchmark: reads the AuthnRequest id from our
// HTTP-Redirect URL and answers it with a response whose assertion is signed the way common IdPs
// sign (xml-crypto: exclusive c14n, RSA-SHA256, enveloped, after the Issuer). It does what an IdP
// must and nothing more (no schema validation), so the load generator's share stays small; its time
// per login is measured and reported beside the server's.
import { randomBytes } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { SignedXml } from 'xml-crypto';
import { selfSignedKeyPair } from '../packages/server/test/helpers/saml-certs.ts';

const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const ASSERTION = "/*[local-name(.)='Response']/*[local-name(.)='Assertion']";

const id = () => `_${randomBytes(16).toString('hex')}`;
const iso = (ms: number) => new Date(ms).toISOString();

export interface BenchSp {
  entityId: string;
  acsUrl: string;
}

export class BenchIdp {
  readonly keys = selfSignedKeyPair('idp.bench.example');
  readonly entityId = 'https://idp.bench.example';
  readonly ssoUrl = `${this.entityId}/sso`;
  /** Milliseconds spent answering, summed over every answer (the IdP's share of a login). */
  busyMs = 0;

  /** The signed SAMLResponse (base64) and RelayState answering the AuthnRequest in `redirect`. */
  answer(redirect: URL, sp: BenchSp, email: string): { SAMLResponse: string; RelayState: string } {
    const t0 = performance.now();
    if (`${redirect.origin}${redirect.pathname}` !== this.ssoUrl) throw new Error(`not the IdP: ${redirect}`);
    const request = inflateRawSync(Buffer.from(redirect.searchParams.get('SAMLRequest') ?? '', 'base64'));
    const requestId = /\sID="([^"]+)"/.exec(request.toString('utf8'))?.[1];
    if (!requestId) throw new Error('no AuthnRequest ID');
    const signer = new SignedXml({
      privateKey: this.keys.privateKeyPem,
      publicCert: this.keys.certificatePem,
      signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
      canonicalizationAlgorithm: EXC_C14N,
    });
    signer.addReference({
      xpath: ASSERTION,
      transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', EXC_C14N],
      digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
    });
    signer.computeSignature(this.responseXml(sp, requestId, email), {
      prefix: 'ds',
      location: { reference: `${ASSERTION}/*[local-name(.)='Issuer']`, action: 'after' },
    });
    const SAMLResponse = Buffer.from(signer.getSignedXml(), 'utf8').toString('base64');
    this.busyMs += performance.now() - t0;
    return { SAMLResponse, RelayState: redirect.searchParams.get('RelayState') ?? '' };
  }

  private responseXml(sp: BenchSp, inResponseTo: string, email: string): string {
    const now = Date.now();
    const later = iso(now + 5 * 60_000);
    const [first, last] = email.split('@')[0]!.split('-');
    return (
      '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"' +
      ` ID="${id()}" Version="2.0" IssueInstant="${iso(now)}" Destination="${sp.acsUrl}" InResponseTo="${inResponseTo}">` +
      `<saml:Issuer>${this.entityId}</saml:Issuer>` +
      '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>' +
      `<saml:Assertion ID="${id()}" Version="2.0" IssueInstant="${iso(now)}">` +
      `<saml:Issuer>${this.entityId}</saml:Issuer>` +
      `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${email}</saml:NameID>` +
      '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">' +
      `<saml:SubjectConfirmationData NotOnOrAfter="${later}" Recipient="${sp.acsUrl}" InResponseTo="${inResponseTo}"/>` +
      '</saml:SubjectConfirmation></saml:Subject>' +
      `<saml:Conditions NotBefore="${iso(now - 60_000)}" NotOnOrAfter="${later}">` +
      `<saml:AudienceRestriction><saml:Audience>${sp.entityId}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
      `<saml:AuthnStatement AuthnInstant="${iso(now)}" SessionIndex="${id()}"><saml:AuthnContext>` +
      '<saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef>' +
      '</saml:AuthnContext></saml:AuthnStatement>' +
      '<saml:AttributeStatement>' +
      `<saml:Attribute Name="email"><saml:AttributeValue>${email}</saml:AttributeValue></saml:Attribute>` +
      `<saml:Attribute Name="firstName"><saml:AttributeValue>${first}</saml:AttributeValue></saml:Attribute>` +
      `<saml:Attribute Name="lastName"><saml:AttributeValue>${last ?? 'Bench'}</saml:AttributeValue></saml:Attribute>` +
      '</saml:AttributeStatement></saml:Assertion></samlp:Response>'
    );
  }
}
