// Reads the facts the SP needs from the assertion that the signature covered (the canonical XML the
// digest was computed over, saml-signature.ts): identity, bearer confirmations, conditions.
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
  issueInstant?: string;
  /** How many Conditions elements the assertion has: more than one is refused. */
  conditionsCount: number;
  conditionsNotBefore?: string;
  conditionsNotOnOrAfter?: string;
  /** The Audience values of each AudienceRestriction; every restriction must name us. */
  audienceRestrictions: string[][];
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
  const conditions = childElements(assertion, NS, 'Conditions');
  return {
    id,
    issuer: fullText(issuer),
    nameId: fullText(nameId),
    nameIdFormat: attribute(nameId, 'Format'),
    sessionIndex: attribute(authn, 'SessionIndex'),
    confirmations: bearerConfirmations(subject!),
    issueInstant: attribute(assertion, 'IssueInstant'),
    conditionsCount: conditions.length,
    conditionsNotBefore: attribute(conditions[0], 'NotBefore'),
    conditionsNotOnOrAfter: attribute(conditions[0], 'NotOnOrAfter'),
    audienceRestrictions: conditions[0] ? audienceRestrictions(conditions[0]) : [],
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

function audienceRestrictions(conditions: Element): string[][] {
  return childElements(conditions, NS, 'AudienceRestriction').map((restriction) =>
    childElements(restriction, NS, 'Audience').map(fullText),
  );
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
