// Builds the simulator's SAML Response: one assertion signed with the simulator's key (xml-crypto,
// exclusive c14n, RSA-SHA256, the certificate in KeyInfo), addressed to the SP's ACS and audience.
// The error outcomes differ from success in exactly one way each, so a developer can see that their
// SP refuses each for the right reason: an expired assertion, another audience, no signature, or
// an error status from the IdP (no assertion at all, as real IdPs answer).
import { randomBytes } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import type { SimulatorKeyPair } from './simulator-keys.ts';
import type { SimulatorSp } from './simulator-sp.ts';

export const SIMULATOR_OUTCOMES = ['success', 'expired', 'wrong_audience', 'unsigned', 'idp_error'] as const;
export type SimulatorOutcome = (typeof SIMULATOR_OUTCOMES)[number];

export interface SimulatedUser {
  email: string;
  firstName: string;
  lastName: string;
  groups: string[];
  /** Extra attributes, by name. */
  attributes: Record<string, string[]>;
}

export interface SimulatedResponse {
  sp: SimulatorSp;
  idpEntityId: string;
  keys: SimulatorKeyPair;
  /** The AuthnRequest answered; undefined for an unsolicited (IdP-initiated) response. */
  inResponseTo?: string | undefined;
  user: SimulatedUser;
  outcome: SimulatorOutcome;
  nowMs?: number;
}

const ASSERTION_LIFETIME_MS = 5 * 60_000;
// Past the largest clock skew an SP may tolerate (300 s), so "expired" is expired everywhere.
const EXPIRED_BY_MS = 10 * 60_000;
const AUTHN_CONTEXT = 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport';

const escapeXml = (text: string): string =>
  text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/** An xs:ID: must not start with a digit. */
const newXmlId = (): string => `_${randomBytes(20).toString('hex')}`;
const iso = (ms: number): string => new Date(ms).toISOString();
// An unsolicited response carries no InResponseTo at all (SAML profiles 4.1.5).
const inResponseTo = (input: SimulatedResponse): string =>
  input.inResponseTo === undefined ? '' : ` InResponseTo="${escapeXml(input.inResponseTo)}"`;

/** The SAMLResponse form value (base64 of the XML document). */
export function buildSamlResponse(input: SimulatedResponse): string {
  const xml = input.outcome === 'idp_error' ? errorResponseXml(input) : signedResponseXml(input);
  return Buffer.from(xml, 'utf8').toString('base64');
}

function responseOpen(input: SimulatedResponse, issueInstant: string): string {
  return (
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion"` +
    ` ID="${newXmlId()}" Version="2.0" IssueInstant="${issueInstant}" Destination="${escapeXml(input.sp.acsUrl)}"` +
    `${inResponseTo(input)}>` +
    `<saml:Issuer>${escapeXml(input.idpEntityId)}</saml:Issuer>`
  );
}

function errorResponseXml(input: SimulatedResponse): string {
  return (
    responseOpen(input, iso(input.nowMs ?? Date.now())) +
    '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Responder">' +
    '<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:AuthnFailed"/></samlp:StatusCode>' +
    '<samlp:StatusMessage>The IdP simulator was asked to fail this sign-in</samlp:StatusMessage>' +
    '</samlp:Status></samlp:Response>'
  );
}

function signedResponseXml(input: SimulatedResponse): string {
  const now = input.nowMs ?? Date.now();
  // "expired": the whole assertion is issued and lapsed in the past, beyond any allowed skew.
  const issued = input.outcome === 'expired' ? now - EXPIRED_BY_MS - ASSERTION_LIFETIME_MS : now;
  const xml =
    responseOpen(input, iso(issued)) +
    '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>' +
    assertionXml(input, issued) +
    '</samlp:Response>';
  return input.outcome === 'unsigned' ? xml : signAssertion(xml, input.keys);
}

function assertionXml(input: SimulatedResponse, issued: number): string {
  const { sp, user } = input;
  const notBefore = iso(issued - 60_000);
  const notOnOrAfter = iso(issued + ASSERTION_LIFETIME_MS);
  const audience = input.outcome === 'wrong_audience' ? `${sp.spEntityId}/not-this-sp` : sp.spEntityId;
  return (
    `<saml:Assertion ID="${newXmlId()}" Version="2.0" IssueInstant="${iso(issued)}">` +
    `<saml:Issuer>${escapeXml(input.idpEntityId)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="${escapeXml(sp.nameIdFormat)}">${escapeXml(user.email)}</saml:NameID>` +
    '<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">' +
    `<saml:SubjectConfirmationData NotOnOrAfter="${notOnOrAfter}" Recipient="${escapeXml(sp.acsUrl)}"` +
    `${inResponseTo(input)}/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${notBefore}" NotOnOrAfter="${notOnOrAfter}">` +
    `<saml:AudienceRestriction><saml:Audience>${escapeXml(audience)}</saml:Audience></saml:AudienceRestriction>` +
    '</saml:Conditions>' +
    `<saml:AuthnStatement AuthnInstant="${iso(issued)}" SessionIndex="${newXmlId()}">` +
    `<saml:AuthnContext><saml:AuthnContextClassRef>${AUTHN_CONTEXT}</saml:AuthnContextClassRef></saml:AuthnContext>` +
    '</saml:AuthnStatement>' +
    attributeStatement(user) +
    '</saml:Assertion>'
  );
}

function attributeStatement(user: SimulatedUser): string {
  // Named as the IDP_SIMULATOR attribute preset maps them (connections/attribute-presets.ts).
  const all = new Map<string, string[]>([
    ['email', [user.email]],
    ['firstName', user.firstName ? [user.firstName] : []],
    ['lastName', user.lastName ? [user.lastName] : []],
    ['groups', user.groups],
  ]);
  for (const [name, values] of Object.entries(user.attributes)) all.set(name, values);
  const attributes = [...all]
    .filter(([, values]) => values.length > 0)
    .map(
      ([name, values]) =>
        `<saml:Attribute Name="${escapeXml(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">` +
        values.map((v) => `<saml:AttributeValue>${escapeXml(v)}</saml:AttributeValue>`).join('') +
        '</saml:Attribute>',
    );
  return `<saml:AttributeStatement>${attributes.join('')}</saml:AttributeStatement>`;
}

function signAssertion(xml: string, keys: SimulatorKeyPair): string {
  const exclusiveC14n = 'http://www.w3.org/2001/10/xml-exc-c14n#';
  const signer = new SignedXml({
    privateKey: keys.privateKeyPem,
    publicCert: keys.certificatePem,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: exclusiveC14n,
  });
  signer.addReference({
    xpath: "/*[local-name(.)='Response']/*[local-name(.)='Assertion']",
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', exclusiveC14n],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  // The profile's place for the signature: right after the assertion's Issuer.
  signer.computeSignature(xml, {
    prefix: 'ds',
    location: {
      reference: "/*[local-name(.)='Response']/*[local-name(.)='Assertion']/*[local-name(.)='Issuer']",
      action: 'after',
    },
  });
  return signer.getSignedXml();
}
