// Reads the facts the SP needs from the assertion that the signature covered (node-saml hands it
// back as canonical XML, already verified): identity, bearer confirmations, validity window.
import { parseStrictXml } from './saml-input.ts';
import { SamlRejected } from './saml-rejected.ts';
import { SAML_ASSERTION_NS as NS, attribute, childElement, childElements, fullText } from './saml-xml.ts';

const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';

export interface BearerConfirmation {
  recipient?: string;
  notBefore?: string;
  notOnOrAfter?: string;
  inResponseTo?: string;
}

export interface SignedAssertion {
  id: string;
  issuer: string;
  nameId: string;
  nameIdFormat?: string;
  sessionIndex?: string;
  confirmations: BearerConfirmation[];
  conditionsNotOnOrAfter?: string;
  attributes: Record<string, string[]>;
}

export function readSignedAssertion(xml: string): SignedAssertion {
  const assertion = parseStrictXml(xml).documentElement as Element;
  if (assertion.namespaceURI !== NS || assertion.localName !== 'Assertion')
    throw new SamlRejected('missing_assertion');
  const id = attribute(assertion, 'ID');
  const issuer = childElement(assertion, NS, 'Issuer');
  const subject = childElement(assertion, NS, 'Subject');
  const nameId = subject && childElement(subject, NS, 'NameID');
  if (!id || !issuer || !nameId || !fullText(nameId)) throw new SamlRejected('malformed');
  const authn = childElement(assertion, NS, 'AuthnStatement');
  return {
    id,
    issuer: fullText(issuer),
    nameId: fullText(nameId),
    nameIdFormat: attribute(nameId, 'Format'),
    sessionIndex: attribute(authn, 'SessionIndex'),
    confirmations: bearerConfirmations(subject!),
    conditionsNotOnOrAfter: attribute(childElement(assertion, NS, 'Conditions'), 'NotOnOrAfter'),
    attributes: readAttributes(assertion),
  };
}

function bearerConfirmations(subject: Element): BearerConfirmation[] {
  return childElements(subject, NS, 'SubjectConfirmation')
    .filter((confirmation) => attribute(confirmation, 'Method') === BEARER)
    .map((confirmation) => {
      const data = childElement(confirmation, NS, 'SubjectConfirmationData');
      return {
        recipient: attribute(data, 'Recipient'),
        notBefore: attribute(data, 'NotBefore'),
        notOnOrAfter: attribute(data, 'NotOnOrAfter'),
        inResponseTo: attribute(data, 'InResponseTo'),
      };
    });
}

function readAttributes(assertion: Element): Record<string, string[]> {
  const attributes = new Map<string, string[]>();
  for (const statement of childElements(assertion, NS, 'AttributeStatement')) {
    for (const element of childElements(statement, NS, 'Attribute')) {
      const name = attribute(element, 'Name');
      if (!name) continue;
      const values = childElements(element, NS, 'AttributeValue').map(fullText);
      attributes.set(name, [...(attributes.get(name) ?? []), ...values]);
    }
  }
  // fromEntries defines own properties: an attribute named "__proto__" stays a plain key.
  return Object.fromEntries(attributes);
}
