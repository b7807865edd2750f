// The first gate for a posted SAMLResponse, before any XML parser sees it: a size limit, strict
// base64, and no DOCTYPE or entity declaration (entity expansion and external entities are a
// parser's classic weaknesses, and SAML never needs them).
import { DOMParser } from '@xmldom/xmldom';
import { SamlRejected } from './saml-rejected.ts';

export const MAX_RESPONSE_BYTES = 256 * 1024;
const MAX_BASE64_CHARS = Math.ceil(MAX_RESPONSE_BYTES / 3) * 4 + 4096; // room for line breaks
const BASE64 = /^[A-Za-z0-9+/\r\n]+={0,2}[\r\n]*$/;
/** A DTD declaration of any kind: refused in every XML document we read (responses, IdP metadata). */
export const XML_DECLARATION = /<!DOCTYPE|<!ENTITY|<!ELEMENT|<!ATTLIST/i;

/** The decoded XML text of a posted SAMLResponse, or SamlRejected. */
export function decodeSamlResponse(samlResponse: unknown): string {
  if (typeof samlResponse !== 'string' || samlResponse.length === 0) throw new SamlRejected('malformed');
  if (samlResponse.length > MAX_BASE64_CHARS) throw new SamlRejected('too_large');
  if (!BASE64.test(samlResponse)) throw new SamlRejected('malformed');
  const bytes = Buffer.from(samlResponse, 'base64');
  if (bytes.length > MAX_RESPONSE_BYTES) throw new SamlRejected('too_large');
  const xml = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (XML_DECLARATION.test(xml)) throw new SamlRejected('doctype_forbidden');
  return xml;
}

/** Parses XML with every warning treated as an error: a document a parser must guess at is refused. */
export function parseStrictXml(xml: string): Document {
  const fail = (message: string) => {
    throw new SamlRejected('malformed', { cause: new Error(message) });
  };
  const doc = new DOMParser({
    errorHandler: { warning: fail, error: fail, fatalError: fail },
  }).parseFromString(xml, 'text/xml');
  if (!doc?.documentElement) throw new SamlRejected('malformed');
  return doc as unknown as Document;
}
