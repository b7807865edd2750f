// Reads a SAML 2.0 IdP metadata document (what Okta, Entra ID, Google… publish) into the values a
// connection needs. The document comes from an organization admin or a URL they gave, so it is
// treated as hostile: size-capped, DTDs refused before any parser runs, elements matched by
// namespace (never by prefix), and anything ambiguous — several IdPs, no SSO endpoint, too many
// certificates — refused with a message that says what to fix, rather than guessed at.
import { invalidArgument } from '../../contract/api-error.ts';
import { SamlRejected } from './saml-rejected.ts';
import { XML_DECLARATION, parseStrictXml } from './saml-input.ts';
import { SAML_PROTOCOL_NS, attribute, childElement, childElements, fullText } from './saml-xml.ts';

export const SAML_METADATA_NS = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
export const MAX_METADATA_BYTES = 1024 * 1024;
/** Two at once, as a connection pins them (current and next, for rollover). */
const MAX_SIGNING_CERTIFICATES = 2;
/** EntitiesDescriptor may nest; real aggregates are shallow, a deep one is refused. */
const MAX_NESTING = 8;

export type MetadataBinding = 'HTTP_REDIRECT' | 'HTTP_POST';

const BINDINGS: Record<string, MetadataBinding> = {
  'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect': 'HTTP_REDIRECT',
  'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST': 'HTTP_POST',
};

export interface MetadataEndpoint {
  url: string;
  binding: MetadataBinding;
}

export interface IdpMetadata {
  entityId: string;
  /** HTTP-Redirect when offered (what our AuthnRequests use), else HTTP-POST. */
  sso: MetadataEndpoint;
  slo?: MetadataEndpoint;
  /** Base64 DER bodies of the signing certificates (use="signing" or no use), in document order. */
  signingCertificates: string[];
  /** NameIDFormat URIs, in document order. */
  nameIdFormats: string[];
  wantAuthnRequestsSigned: boolean;
  /** The earliest validUntil on the way to the IdP descriptor, ISO 8601. */
  validUntil?: string;
}

const refuse = (problem: string) => invalidArgument(`IdP metadata: ${problem}`);

function parseDocument(xml: string): Document {
  if (Buffer.byteLength(xml) > MAX_METADATA_BYTES) refuseTooLarge();
  if (XML_DECLARATION.test(xml)) throw refuse('a DOCTYPE or entity declaration is not allowed');
  try {
    return parseStrictXml(xml);
  } catch (error) {
    if (error instanceof SamlRejected) throw refuse('the document is not well-formed XML');
    throw error;
  }
}

function refuseTooLarge(): never {
  throw refuse(`the document is larger than ${MAX_METADATA_BYTES / 1024} KB`);
}

const isMd = (element: Element, localName: string) =>
  element.namespaceURI === SAML_METADATA_NS && element.localName === localName;

/** Every EntityDescriptor in the document, with the validUntil values of its enclosing descriptors. */
function entityDescriptors(root: Element): { entity: Element; validUntil: string[] }[] {
  if (isMd(root, 'EntityDescriptor')) return [{ entity: root, validUntil: validUntilOf(root) }];
  if (!isMd(root, 'EntitiesDescriptor')) {
    throw refuse('the root element is neither an EntityDescriptor nor an EntitiesDescriptor');
  }
  const found: { entity: Element; validUntil: string[] }[] = [];
  const walk = (group: Element, inherited: string[], depth: number) => {
    if (depth > MAX_NESTING) throw refuse('EntitiesDescriptor elements are nested too deeply');
    const validUntil = [...inherited, ...validUntilOf(group)];
    for (const entity of childElements(group, SAML_METADATA_NS, 'EntityDescriptor')) {
      found.push({ entity, validUntil: [...validUntil, ...validUntilOf(entity)] });
    }
    for (const inner of childElements(group, SAML_METADATA_NS, 'EntitiesDescriptor')) {
      walk(inner, validUntil, depth + 1);
    }
  };
  walk(root, [], 0);
  return found;
}

function validUntilOf(element: Element): string[] {
  const value = attribute(element, 'validUntil');
  return value === undefined ? [] : [value];
}

/** The one IdP of the document: exactly one IDPSSODescriptor that speaks SAML 2.0. */
function theIdp(root: Element): { entity: Element; idp: Element; validUntil: string[] } {
  const idps = entityDescriptors(root).flatMap(({ entity, validUntil }) =>
    childElements(entity, SAML_METADATA_NS, 'IDPSSODescriptor').map((idp) => ({
      entity,
      idp,
      validUntil: [...validUntil, ...validUntilOf(idp)],
    })),
  );
  if (idps.length === 0) throw refuse('no IDPSSODescriptor: this is not identity provider metadata');
  if (idps.length > 1) {
    throw refuse(`the document describes ${idps.length} identity providers; import the metadata of one`);
  }
  const found = idps[0]!;
  const protocols = (attribute(found.idp, 'protocolSupportEnumeration') ?? '').split(/\s+/);
  if (!protocols.includes(SAML_PROTOCOL_NS)) {
    throw refuse('the IDPSSODescriptor does not support the SAML 2.0 protocol');
  }
  return found;
}

function earliestValidUntil(values: string[]): string | undefined {
  let earliest: number | undefined;
  for (const value of values) {
    const time = Date.parse(value);
    if (Number.isNaN(time)) throw refuse(`validUntil "${value.slice(0, 40)}" is not a date`);
    earliest = earliest === undefined ? time : Math.min(earliest, time);
  }
  if (earliest === undefined) return undefined;
  if (earliest <= Date.now()) {
    throw refuse(`the document expired at ${new Date(earliest).toISOString()} (validUntil)`);
  }
  return new Date(earliest).toISOString();
}

/** The first endpoint with a binding we know, HTTP-Redirect preferred. */
function endpoint(idp: Element, localName: string): MetadataEndpoint | undefined {
  const endpoints = childElements(idp, SAML_METADATA_NS, localName)
    .map((e) => ({ binding: BINDINGS[attribute(e, 'Binding') ?? ''], url: attribute(e, 'Location') }))
    .filter((e): e is MetadataEndpoint => e.binding !== undefined && e.url !== undefined);
  return endpoints.find((e) => e.binding === 'HTTP_REDIRECT') ?? endpoints[0];
}

function signingCertificates(idp: Element): string[] {
  const bodies: string[] = [];
  for (const key of childElements(idp, SAML_METADATA_NS, 'KeyDescriptor')) {
    const use = attribute(key, 'use');
    if (use !== undefined && use !== 'signing') continue;
    const info = childElement(key, DSIG_NS, 'KeyInfo');
    const data = info && childElement(info, DSIG_NS, 'X509Data');
    const cert = data && childElement(data, DSIG_NS, 'X509Certificate');
    const body = cert && fullText(cert).replace(/\s+/g, '');
    if (!body) throw refuse('a signing KeyDescriptor carries no X509Certificate');
    if (!bodies.includes(body)) bodies.push(body);
  }
  if (bodies.length === 0) throw refuse('no signing certificate (KeyDescriptor use="signing")');
  if (bodies.length > MAX_SIGNING_CERTIFICATES) {
    throw refuse(
      `${bodies.length} signing certificates; a connection pins at most ${MAX_SIGNING_CERTIFICATES}`,
    );
  }
  return bodies;
}

export function parseIdpMetadata(xml: string): IdpMetadata {
  const doc = parseDocument(xml);
  const { entity, idp, validUntil } = theIdp(doc.documentElement as Element);
  const entityId = attribute(entity, 'entityID');
  if (!entityId) throw refuse('the EntityDescriptor has no entityID');
  const expiry = earliestValidUntil(validUntil);
  const sso = endpoint(idp, 'SingleSignOnService');
  if (!sso) throw refuse('no SingleSignOnService with the HTTP-Redirect or HTTP-POST binding');
  const slo = endpoint(idp, 'SingleLogoutService');
  return {
    entityId: entityId.trim(),
    sso,
    ...(slo ? { slo } : {}),
    signingCertificates: signingCertificates(idp),
    nameIdFormats: childElements(idp, SAML_METADATA_NS, 'NameIDFormat').map(fullText).filter(Boolean),
    wantAuthnRequestsSigned: ['true', '1'].includes(attribute(idp, 'WantAuthnRequestsSigned') ?? ''),
    ...(expiry ? { validUntil: expiry } : {}),
  };
}
