// Verifies the XML signature of one SAML element (the Assertion, or the Response when the connection
// requires it) against the pinned keys, on the document parsed once at the ACS. node-saml and
// xml-crypto's SignedXml parse the document again, compile XPath on every call and search the whole
// document several times per signature (about 4 ms of the 5 ms a response cost); this does the same
// checks in one walk. Canonicalization is xml-crypto's own. The rules, node-saml's and
// xml-crypto's, some of them stricter:
// - exactly one ds:Signature child of the element, with one SignedInfo and one SignatureValue;
// - SignedInfo is canonicalized, parsed again, and only that copy is read (what the signature covers);
// - exactly one Reference, "#" + the element's own ID, and no other element of the document carries
//   that value in an ID/Id/id attribute (signature wrapping);
// - no other Signature element of the document carries the same SignatureValue (xml-crypto's rule);
// - at most two transforms: enveloped-signature, then one canonicalization;
// - digest and signature algorithms from a fixed list, RSA keys only (never HMAC); KeyInfo is ignored.
// What is returned is the canonical XML the digest covered: the only thing a caller may read.
import { constants, createHash, verify, type KeyObject } from 'node:crypto';
import {
  C14nCanonicalization,
  C14nCanonicalizationWithComments,
  ExclusiveCanonicalization,
  ExclusiveCanonicalizationWithComments,
} from 'xml-crypto';
import { parseStrictXml } from './saml-input.ts';
import { SamlRejected } from './saml-rejected.ts';
import { attribute, childElements } from './saml-xml.ts';

export const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
const ENVELOPED = `${DSIG_NS}enveloped-signature`;
const C14N = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';

interface Canonicalizer {
  process(node: Node, options: Record<string, unknown>): string;
}
const CANONICALIZERS: Record<string, () => Canonicalizer> = {
  [C14N]: () => new C14nCanonicalization() as unknown as Canonicalizer,
  [`${C14N}#WithComments`]: () => new C14nCanonicalizationWithComments() as unknown as Canonicalizer,
  [EXC_C14N]: () => new ExclusiveCanonicalization() as unknown as Canonicalizer,
  [`${EXC_C14N}WithComments`]: () => new ExclusiveCanonicalizationWithComments() as unknown as Canonicalizer,
};
// A same-document reference ("#id") selects the element without its comments (XMLDSig 4.4.3.3).
const WITHOUT_COMMENTS: Record<string, string> = {
  [C14N]: C14N,
  [`${C14N}#WithComments`]: C14N,
  [EXC_C14N]: EXC_C14N,
  [`${EXC_C14N}WithComments`]: EXC_C14N,
};
const DIGESTS: Record<string, string> = {
  [`${DSIG_NS}sha1`]: 'sha1',
  'http://www.w3.org/2001/04/xmlenc#sha256': 'sha256',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'sha512',
};
const SIGNATURES: Record<string, { hash: string; pss: boolean }> = {
  [`${DSIG_NS}rsa-sha1`]: { hash: 'sha1', pss: false },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256': { hash: 'sha256', pss: false },
  'http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1': { hash: 'sha256', pss: true },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512': { hash: 'sha512', pss: false },
};
const ID_ATTRIBUTES = new Set(['ID', 'Id', 'id']);
// xml-crypto's default for a "ds:" prefix used without its declaration.
const DEFAULT_NS_FOR_PREFIX = { ds: DSIG_NS };
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

interface SignedReference {
  id: string;
  transforms: string[];
  prefixList: string[];
  digest: string;
  digestValue: Buffer;
}

function refuse(): never {
  throw new SamlRejected('invalid_signature');
}

function only(elements: Element[]): Element {
  if (elements.length !== 1) refuse();
  return elements[0]!;
}

/** The canonical XML of `element` that its enveloped signature covers, verified with one of `keys`. */
export function verifySignedElement(element: Element, keys: readonly KeyObject[]): string {
  const signature = only(childElements(element, DSIG_NS, 'Signature'));
  // node-saml's limit, kept: more than two transforms anywhere in the signature is refused.
  if (countDescendants(signature, DSIG_NS, 'Transform') > 2) refuse();
  const signedInfo = only(childElements(signature, DSIG_NS, 'SignedInfo'));
  const signatureValue = base64(only(childElements(signature, DSIG_NS, 'SignatureValue')));
  const method = attribute(only(childElements(signedInfo, DSIG_NS, 'CanonicalizationMethod')), 'Algorithm');
  if (!method || !CANONICALIZERS[method]) refuse();
  const signedInfoXml = canonicalize(signedInfo, method, []);
  // From here on only the canonical SignedInfo, parsed again, is read: the bytes the signature covers.
  const signed = parseStrictXml(signedInfoXml).documentElement as Element;
  if (signed.namespaceURI !== DSIG_NS || signed.localName !== 'SignedInfo') refuse();
  const signedMethod = only(childElements(signed, DSIG_NS, 'CanonicalizationMethod'));
  if (attribute(signedMethod, 'Algorithm') !== method) refuse();
  const algorithm =
    SIGNATURES[attribute(only(childElements(signed, DSIG_NS, 'SignatureMethod')), 'Algorithm') ?? ''];
  if (!algorithm) refuse();
  const reference = readReference(only(childElements(signed, DSIG_NS, 'Reference')));
  if (attribute(element, 'ID') !== reference.id || countIds(element, reference.id) !== 1) refuse();
  if (countSignatureCopies(signature) !== 1) refuse();
  const canonical = canonicalReferenced(element, signature, reference);
  if (!createHash(reference.digest).update(canonical, 'utf8').digest().equals(reference.digestValue)) {
    refuse();
  }
  const data = Buffer.from(signedInfoXml, 'utf8');
  if (!keys.some((key) => verifiedWith(key, algorithm, data, signatureValue))) refuse();
  return canonical;
}

function readReference(reference: Element): SignedReference {
  const uri = reference.getAttribute('URI') ?? '';
  if (!uri.startsWith('#') || uri.length < 2) refuse();
  const containers = childElements(reference, DSIG_NS, 'Transforms');
  if (containers.length > 1) refuse();
  const transformElements = containers[0] ? childElements(containers[0], DSIG_NS, 'Transform') : [];
  const transforms = transformElements.map((t) => attribute(t, 'Algorithm') ?? '');
  const canonicalizations = transforms.filter((t) => t !== ENVELOPED);
  if (
    transforms.filter((t) => t === ENVELOPED).length > 1 ||
    canonicalizations.length > 1 ||
    canonicalizations.some((t) => !CANONICALIZERS[t] || t !== transforms.at(-1))
  ) {
    refuse();
  }
  const digest =
    DIGESTS[attribute(only(childElements(reference, DSIG_NS, 'DigestMethod')), 'Algorithm') ?? ''];
  if (!digest) refuse();
  return {
    id: uri.slice(1),
    transforms,
    prefixList: inclusivePrefixes(transformElements.at(-1)),
    digest,
    digestValue: base64(only(childElements(reference, DSIG_NS, 'DigestValue'))),
  };
}

/** The exclusive canonicalization's InclusiveNamespaces PrefixList (read as xml-crypto reads it). */
function inclusivePrefixes(transform: Element | undefined): string[] {
  const prefixes: string[] = [];
  for (let node = transform?.firstChild; node; node = node.nextSibling) {
    if (node.nodeType !== 1 || (node as Element).localName !== 'InclusiveNamespaces') continue;
    prefixes.push(...((node as Element).getAttribute('PrefixList') ?? '').split(/\s+/));
  }
  return prefixes.filter((p) => p.length > 0);
}

function base64(element: Element): Buffer {
  const text = (element.textContent ?? '').replace(/\s+/g, '');
  if (!BASE64.test(text)) refuse();
  return Buffer.from(text, 'base64');
}

function countDescendants(root: Element, namespace: string, localName: string): number {
  let count = 0;
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const element = node as Element;
    if (node !== root && element.namespaceURI === namespace && element.localName === localName) count++;
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 1) stack.push(child);
    }
  }
  return count;
}

/** Elements of the whole document whose ID, Id or id attribute (any namespace) has this value. */
function countIds(element: Element, id: string): number {
  let count = 0;
  const stack: Node[] = [element.ownerDocument.documentElement];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.nodeType !== 1) continue;
    const attributes = (node as Element).attributes;
    for (let i = 0; i < attributes.length; i++) {
      const attr = attributes[i]!;
      if (attr.value === id && ID_ATTRIBUTES.has(attr.localName ?? attr.name)) count++;
    }
    for (let child = node.firstChild; child; child = child.nextSibling) stack.push(child);
  }
  return count;
}

/**
 * Signature elements of the whole document with this one's SignatureValue. xml-crypto finds the
 * signature its enveloped-signature transform removes by that value and refuses a document holding
 * two (a copy could stand in for the original); the differential test found we accepted it.
 */
function countSignatureCopies(signature: Element): number {
  const value = signatureValueText(signature);
  let count = 0;
  const stack: Node[] = [signature.ownerDocument.documentElement];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const element = node as Element;
    if (element.namespaceURI === DSIG_NS && element.localName === 'Signature') {
      if (signatureValueText(element) === value) count++;
    }
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 1) stack.push(child);
    }
  }
  return count;
}

/** The first SignatureValue child's text (any namespace, as xml-crypto reads it), without whitespace. */
function signatureValueText(signature: Element): string | undefined {
  return childNamed(signature, 'SignatureValue')?.textContent?.replace(/\s+/g, '');
}

/**
 * The referenced element as the digest saw it: without its signature (the enveloped-signature
 * transform), canonicalized. The signature is taken out of the document for the synchronous
 * canonicalization and put back at once; copying the element instead cost as much as parsing it.
 */
function canonicalReferenced(element: Element, signature: Element, reference: SignedReference): string {
  const method = WITHOUT_COMMENTS[reference.transforms.find((t) => t !== ENVELOPED) ?? C14N]!;
  if (!reference.transforms.includes(ENVELOPED)) return canonicalize(element, method, reference.prefixList);
  const next = signature.nextSibling;
  element.removeChild(signature);
  try {
    return canonicalize(element, method, reference.prefixList);
  } finally {
    element.insertBefore(signature, next);
  }
}

/**
 * Canonical XML of `node`. xml-crypto's exclusive canonicalizer declares the InclusiveNamespaces
 * prefixes on the node it is given (the list passed, or else the one of the node's own
 * CanonicalizationMethod child): then it is given a copy, so the parsed document never changes.
 */
function canonicalize(node: Element, method: string, prefixList: string[]): string {
  const declares =
    prefixList.length > 0 || inclusivePrefixes(childNamed(node, 'CanonicalizationMethod')).length > 0;
  return CANONICALIZERS[method]!().process(declares ? node.cloneNode(true) : node, {
    ancestorNamespaces: ancestorNamespaces(node),
    inclusiveNamespacesPrefixList: prefixList,
    defaultNsForPrefix: DEFAULT_NS_FOR_PREFIX,
  });
}

/** The first child element with this local name, in any namespace (as xml-crypto looks it up). */
function childNamed(parent: Element, localName: string): Element | undefined {
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1 && (node as Element).localName === localName) return node as Element;
  }
  return undefined;
}

/**
 * Namespaces declared on the ancestors of `node` and not redeclared on it, nearest first (what
 * xml-crypto's findAncestorNs computes with XPath): inclusive c14n renders them on the subset's root.
 */
function ancestorNamespaces(node: Element): { prefix: string; namespaceURI: string }[] {
  const own = new Set<string>([node.prefix ?? '']);
  forEachDeclaration(node, (prefix) => own.add(prefix));
  const seen = new Set<string>();
  const found: { prefix: string; namespaceURI: string }[] = [];
  for (let parent = node.parentNode; parent && parent.nodeType === 1; parent = parent.parentNode) {
    forEachDeclaration(parent as Element, (prefix, namespaceURI) => {
      if (seen.has(prefix)) return;
      seen.add(prefix);
      // An undeclaration only hides outer bindings; it is no namespace node of its own.
      if (namespaceURI !== '' && !own.has(prefix)) found.push({ prefix, namespaceURI });
    });
  }
  return found;
}

function forEachDeclaration(element: Element, visit: (prefix: string, namespaceURI: string) => void) {
  const attributes = element.attributes;
  for (let i = 0; i < attributes.length; i++) {
    const name = attributes[i]!.name;
    if (name === 'xmlns') visit('', attributes[i]!.value);
    else if (name.startsWith('xmlns:')) visit(name.slice(6), attributes[i]!.value);
  }
}

function verifiedWith(
  key: KeyObject,
  algorithm: { hash: string; pss: boolean },
  data: Buffer,
  signature: Buffer,
): boolean {
  // One algorithm per key: an RSA signature method is checked with RSA keys only.
  if (key.asymmetricKeyType !== 'rsa') return false;
  const padded = algorithm.pss
    ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
    : key;
  try {
    return verify(algorithm.hash, data, padded, signature);
  } catch {
    return false;
  }
}
