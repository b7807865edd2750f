// Reads an AuthnRequest that arrived over the HTTP-Redirect binding (SAMLRequest = base64 of raw
// DEFLATE) or the HTTP-POST binding (base64 of the XML itself) — with size limits before and after
// inflating (a deflate bomb stops at the cap), no DOCTYPE or entity declarations, and a strict parser.
// Only what the simulator needs is kept (a POST request's signature is not checked: the simulator
// trusts its SP by the Issuer and answers only to that connection's own ACS).
import { inflateRawSync } from 'node:zlib';
import { parseStrictXml } from '../saml/saml-input.ts';
import { SAML_ASSERTION_NS, SAML_PROTOCOL_NS, attribute, childElement, fullText } from '../saml/saml-xml.ts';

export const MAX_SAML_REQUEST_CHARS = 8 * 1024;
const MAX_INFLATED_BYTES = 64 * 1024;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const DECLARATION = /<!DOCTYPE|<!ENTITY|<!ELEMENT|<!ATTLIST/i;
const POST_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
const XS_ID = /^[A-Za-z_][\w.-]{0,255}$/;

export interface SimulatorAuthnRequest {
  id: string;
  issuer: string;
  /** The ACS the SP asked for; when absent the connection's own ACS is used. */
  acsUrl?: string;
}

/** Why a request is refused; the message is safe to show to the developer. */
export class BadAuthnRequest extends Error {
  override readonly name = 'BadAuthnRequest';
}

/**
 * The POST binding's XML as is; otherwise the redirect binding's DEFLATE. The simulator's own form
 * carries either kind back, so the kind is told by the bytes: XML starts with "<" (a single-block
 * deflate stream never does: its first bit, BFINAL, makes the first byte odd).
 */
function requestXml(decoded: Buffer): string {
  const posted = decoded.subarray(0, 1).toString('latin1') === '<';
  try {
    const bytes = posted ? decoded : inflateRawSync(decoded, { maxOutputLength: MAX_INFLATED_BYTES });
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new BadAuthnRequest('SAMLRequest is neither XML nor DEFLATE-compressed XML of a reasonable size');
  }
}

export function readAuthnRequest(samlRequest: string | null): SimulatorAuthnRequest {
  if (!samlRequest) throw new BadAuthnRequest('SAMLRequest is missing');
  if (samlRequest.length > MAX_SAML_REQUEST_CHARS) throw new BadAuthnRequest('SAMLRequest is too large');
  if (!BASE64.test(samlRequest)) throw new BadAuthnRequest('SAMLRequest is not base64');
  const xml = requestXml(Buffer.from(samlRequest, 'base64'));
  if (DECLARATION.test(xml)) throw new BadAuthnRequest('SAMLRequest must not carry a DOCTYPE or entities');
  let request: Element;
  try {
    request = parseStrictXml(xml).documentElement as Element;
  } catch {
    throw new BadAuthnRequest('SAMLRequest is not well-formed XML');
  }
  if (request.namespaceURI !== SAML_PROTOCOL_NS || request.localName !== 'AuthnRequest') {
    throw new BadAuthnRequest('SAMLRequest is not an AuthnRequest');
  }
  const id = attribute(request, 'ID');
  const issuerElement = childElement(request, SAML_ASSERTION_NS, 'Issuer');
  if (!id || !XS_ID.test(id)) throw new BadAuthnRequest('the AuthnRequest has no valid ID');
  if (!issuerElement || !fullText(issuerElement)) throw new BadAuthnRequest('the AuthnRequest has no Issuer');
  const binding = attribute(request, 'ProtocolBinding');
  if (binding !== undefined && binding !== POST_BINDING) {
    throw new BadAuthnRequest('the simulator answers on the HTTP-POST binding only');
  }
  return { id, issuer: fullText(issuerElement), acsUrl: attribute(request, 'AssertionConsumerServiceURL') };
}
