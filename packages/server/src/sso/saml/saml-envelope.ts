// What the outer Response says, read from the posted document. When only the assertion is signed
// these values are not covered by a signature, so they can only refuse, never grant: a Destination
// or InResponseTo that disagrees with the signed assertion or our configuration refuses the response.
import { SamlRejected } from './saml-rejected.ts';
import {
  SAML_ASSERTION_NS,
  SAML_PROTOCOL_NS,
  attribute,
  childElement,
  childElements,
  fullText,
} from './saml-xml.ts';

const SUCCESS = 'urn:oasis:names:tc:SAML:2.0:status:Success';

export interface ResponseEnvelope {
  destination?: string;
  inResponseTo?: string;
  issuer?: string;
  statusCode?: string;
  /** The one assertion is an EncryptedAssertion. */
  encrypted: boolean;
}

export function readEnvelope(doc: Document): ResponseEnvelope {
  const response = doc.documentElement as Element;
  if (response.namespaceURI !== SAML_PROTOCOL_NS || response.localName !== 'Response') {
    throw new SamlRejected('malformed');
  }
  const status = childElement(response, SAML_PROTOCOL_NS, 'Status');
  const code = status && childElement(status, SAML_PROTOCOL_NS, 'StatusCode');
  // An IdP's error answer (AuthnFailed, Responder…) carries no assertion: say what it is. Refusing
  // on an unsigned status is always safe; only a Success is ever trusted further, and only signed.
  if (attribute(code, 'Value') !== SUCCESS) throw new SamlRejected('status_not_success');
  const encrypted = childElements(response, SAML_ASSERTION_NS, 'EncryptedAssertion').length;
  const assertions = childElements(response, SAML_ASSERTION_NS, 'Assertion').length + encrypted;
  if (assertions === 0) throw new SamlRejected('missing_assertion');
  if (assertions > 1) throw new SamlRejected('multiple_assertions');
  const issuer = childElement(response, SAML_ASSERTION_NS, 'Issuer');
  return {
    destination: attribute(response, 'Destination'),
    inResponseTo: attribute(response, 'InResponseTo'),
    issuer: issuer && fullText(issuer),
    statusCode: attribute(code, 'Value'),
    encrypted: encrypted === 1,
  };
}

export function checkEnvelope(
  envelope: ResponseEnvelope,
  expected: { acsUrl: string; idpEntityId: string; decryption?: unknown },
): void {
  if (envelope.statusCode !== SUCCESS) throw new SamlRejected('status_not_success');
  // A connection that decrypts requires encryption: a plain assertion would be a silent downgrade
  // (readable by whatever relayed the browser's POST).
  if (expected.decryption !== undefined && !envelope.encrypted) {
    throw new SamlRejected('assertion_not_encrypted');
  }
  if (envelope.issuer !== undefined && envelope.issuer !== expected.idpEntityId)
    throw new SamlRejected('wrong_issuer');
  if (envelope.destination !== undefined && envelope.destination !== expected.acsUrl) {
    throw new SamlRejected('wrong_destination');
  }
}
