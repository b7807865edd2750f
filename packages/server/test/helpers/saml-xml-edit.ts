// Edits a base64 SAMLResponse as an attacker would after it was signed: decode, change the DOM with
// @xmldom/xmldom, serialize, encode. Nothing is re-signed unless the test says so.
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';

export const ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
export const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';

export const decode = (b64: string): string => Buffer.from(b64, 'base64').toString('utf8');
export const encode = (xml: string): string => Buffer.from(xml, 'utf8').toString('base64');

export function editResponse(b64: string, edit: (doc: Document) => void): string {
  const doc = new DOMParser().parseFromString(decode(b64), 'text/xml') as unknown as Document;
  edit(doc);
  return encode(new XMLSerializer().serializeToString(doc as never));
}

export function first(doc: Document | Element, namespace: string, localName: string): Element {
  const found = doc.getElementsByTagNameNS(namespace, localName)[0];
  if (!found) throw new Error(`no ${localName} in the response`);
  return found;
}

export function assertionOf(doc: Document): Element {
  return first(doc, ASSERTION_NS, 'Assertion');
}

/** Removes every XML signature from the document. */
export function removeSignatures(doc: Document): void {
  for (const signature of Array.from(doc.getElementsByTagNameNS(DSIG_NS, 'Signature'))) {
    signature.parentNode?.removeChild(signature);
  }
}

/** An unsigned copy of the assertion naming someone else, with its own ID. */
export function evilCopy(assertion: Element, nameId: string): Element {
  const copy = assertion.cloneNode(true) as Element;
  copy.setAttribute('ID', `_evil_${crypto.randomUUID()}`);
  for (const signature of Array.from(copy.getElementsByTagNameNS(DSIG_NS, 'Signature'))) {
    signature.parentNode?.removeChild(signature);
  }
  const name = first(copy, ASSERTION_NS, 'NameID');
  while (name.firstChild) name.removeChild(name.firstChild);
  name.appendChild(copy.ownerDocument.createTextNode(nameId));
  return copy;
}
