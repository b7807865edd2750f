// A differential check of our SAML signature verifier (src/sso/saml/saml-signature.ts) against the
// maintained one it replaced: xml-crypto's SignedXml, configured as node-saml configures it (the
// pinned certificate as the public key, KeyInfo never read, the reference resolved by ID), and
// node-saml's own getVerifiedXml on top. Hand-rolled signature checks are where signature wrapping
// hides, so ours is kept only while it is provably no more permissive. For every input:
//   if verifySignedElement accepts, xml-crypto accepts the same element, node-saml too, and the
//   canonical XML we return is exactly what both say they verified.
// The inputs are the signing forms IdPs use, the attacks of saml-sp-attacks.test.ts and
// saml-signature.test.ts that reach the signature check, and a seeded mutation fuzz of valid signed
// responses (some mutated before being signed again with the IdP's key, so that odd but validly
// signed documents are compared too, not only broken ones).
// Encrypted assertions are held to the same property on the whole path the ACS takes
// (verifiedAssertionXml: node-saml's decryptXml, the DOCTYPE and strict-parse checks, then the
// signature): whatever it accepts from an EncryptedAssertion, xml-crypto and node-saml accept on the
// assertion node-saml decrypts, with the same canonical XML. Inputs: samlify's encrypted response,
// attacks placed inside the encryption, and mutants of the decrypted assertion re-encrypted
// (helpers/saml-encrypt.ts). Seeds 1-3 at 1,000 mutants each found nothing; ours refuses a DOCTYPE
// inside the encryption, which xml-crypto accepts.
//
// It found one: a document holding a second Signature element with the same SignatureValue (a copy
// anywhere, even outside the signed element) was accepted by ours and refused by xml-crypto, which
// finds the signature its enveloped transform removes by that value. saml-signature.ts now refuses
// it too (countSignatureCopies).
//
// Ours is stricter: it refuses inputs xml-crypto alone accepts (node-saml refuses most of them as
// well). Seen among the attacks and in the fuzz (seeds 1-8, 3,000 mutants each), all by design:
// - a Reference to another element than the signature's parent, or to the whole document (URI="");
// - a third Transform, or a Signature, Assertion or other markup nested inside the signature
//   (KeyInfo, X509Data, SignatureValue, a second Signature): node-saml's limit of two Transform
//   elements anywhere in the signature, our reading of SignatureValue's whole text where xml-crypto
//   reads its first text node only, and the document-wide ID count;
// - a SignatureValue (or other ds: child) in another namespace: xml-crypto matches it by local name;
// - the ID value carried twice by one element (ID and a namespaced ID or Id);
// - two Signature elements whose SignatureValues differ only in whitespace (xml-crypto compares
//   them as written, we without whitespace).
// By construction, also: documents our strict parser refuses (any xmldom warning) that
// xml-crypto's lenient parse accepts, and keys other than RSA (xml-crypto would check an ECDSA
// signature under an RSA method's name).
import { decryptXml, getVerifiedXml } from '@node-saml/node-saml/lib/xml.js';
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SamlConnectionConfig } from '../src/sso/saml/saml-config.ts';
import { parseStrictXml } from '../src/sso/saml/saml-input.ts';
import { pinnedKeys } from '../src/sso/saml/saml-pinned-keys.ts';
import { SamlRejected } from '../src/sso/saml/saml-rejected.ts';
import { verifySignedElement } from '../src/sso/saml/saml-signature.ts';
import { verifiedAssertionXml } from '../src/sso/saml/saml-verify.ts';
import { SAML_ASSERTION_NS } from '../src/sso/saml/saml-xml.ts';
import { selfSignedKeyPair } from './helpers/saml-certs.ts';
import { withEncryptedAssertion } from './helpers/saml-encrypt.ts';
import { TestIdp, type SpDescription } from './helpers/saml-idp.ts';
import { C14N, ENVELOPED, EXC_C14N, RSA_SHA256, SHA256, resignAssertion } from './helpers/saml-resign.ts';
import {
  ASSERTION_NS,
  DSIG_NS,
  assertionOf,
  decode,
  editResponse,
  evilCopy,
  first,
} from './helpers/saml-xml-edit.ts';

const PROTOCOL_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
const PSS_SHA256 = 'http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1';
const SEED = Number(process.env.SAML_FUZZ_SEED ?? 20261126);
const MUTANTS = Number(process.env.SAML_FUZZ_MUTANTS ?? 1200);

const idpKeys = selfSignedKeyPair('idp.example.test');
const attackerKeys = selfSignedKeyPair('idp.example.test');
const keys = pinnedKeys([idpKeys.certificatePem]);
const sp: SpDescription = { entityId: 'https://sp.example.test', acsUrl: 'https://sp.example.test/acs' };
const idp = new TestIdp('https://idp.example.test', idpKeys);

/** `decrypted`: an assertion as decrypted from an EncryptedAssertion, the root of its own document. */
type Target = 'assertion' | 'response' | 'decrypted';

/**
 * The element checked: the Response, or its first Assertion child (as saml-verify.ts picks it), or
 * the decrypted document's root when it is an Assertion (as node-saml picks it after decryptXml).
 */
function targetOf(doc: Document, target: Target): Element | undefined {
  const response = doc.documentElement as Element | null;
  if (!response) return undefined;
  if (target === 'response') return response;
  if (target === 'decrypted') return response.localName === 'Assertion' ? response : undefined;
  for (let node = response.firstChild; node; node = node.nextSibling) {
    const element = node as Element;
    if (
      node.nodeType === 1 &&
      element.namespaceURI === SAML_ASSERTION_NS &&
      element.localName === 'Assertion'
    ) {
      return element;
    }
  }
  return undefined;
}

/** Ours: the canonical XML returned, or null when refused (SamlRejected, nothing else). */
function ours(xml: string, target: Target): string | null {
  try {
    const element = targetOf(parseStrictXml(xml), target);
    return element ? verifySignedElement(element, keys) : null;
  } catch (error) {
    if (error instanceof SamlRejected) return null;
    throw error;
  }
}

/** xml-crypto's SignedXml as node-saml drives it; the signed reference, or null. */
function xmlCrypto(xml: string, target: Target): string | null {
  try {
    const element = targetOf(new DOMParser().parseFromString(xml, 'text/xml') as unknown as Document, target);
    if (!element) return null;
    const signatures = Array.from(element.childNodes).filter(
      (n) =>
        n.nodeType === 1 &&
        (n as Element).namespaceURI === DSIG_NS &&
        (n as Element).localName === 'Signature',
    );
    if (signatures.length !== 1) return null;
    const sig = new SignedXml({ publicCert: idpKeys.certificatePem, getCertFromKeyInfo: () => null });
    sig.loadSignature(signatures[0] as never);
    if (!sig.checkSignature(xml)) return null;
    const signed = sig.getSignedReferences();
    return signed.length === 1 ? signed[0]! : null;
  } catch {
    return null;
  }
}

/** node-saml's own check (the code ours replaced at the ACS); the verified XML, or null. */
function nodeSaml(xml: string, target: Target): string | null {
  try {
    const element = targetOf(new DOMParser().parseFromString(xml, 'text/xml') as unknown as Document, target);
    return element ? getVerifiedXml(xml, element, [idpKeys.certificatePem]) : null;
  } catch {
    return null;
  }
}

interface Tally {
  inputs: number;
  ours: number;
  xmlCrypto: number;
  nodeSaml: number;
}
const newTally = (): Tally => ({ inputs: 0, ours: 0, xmlCrypto: 0, nodeSaml: 0 });

/** Checks the property on one input; returns a description of the violation, or null. */
function compare(xml: string, target: Target, tally: Tally): string | null {
  return judge(ours(xml, target), xml, target, tally);
}

/** The property, given our verdict and what the other two verify (null: nothing, e.g. undecryptable). */
function judge(mine: string | null, xml: string | null, target: Target, tally: Tally): string | null {
  const theirs = xml === null ? null : xmlCrypto(xml, target);
  tally.inputs++;
  if (theirs !== null) tally.xmlCrypto++;
  if (mine === null) return null;
  tally.ours++;
  const saml = xml === null ? null : nodeSaml(xml, target);
  if (saml !== null) tally.nodeSaml++;
  if (theirs === null) return 'accepted by ours, refused by xml-crypto';
  if (theirs !== mine)
    return `canonical XML differs from xml-crypto's:\n ours: ${mine}\n xml-crypto: ${theirs}`;
  if (saml === null) return 'accepted by ours, refused by node-saml';
  if (saml !== mine) return `canonical XML differs from node-saml's:\n ours: ${mine}\n node-saml: ${saml}`;
  return null;
}

// ---- signing: the IdP's key signs the assertion or the Response again, in a chosen form ----

interface Form {
  canonicalization: string;
  transforms: string[];
  signatureAlgorithm: string;
  digestAlgorithm: string;
  prefix: string;
  inclusivePrefixes?: string[];
}
const ORDINARY: Form = {
  canonicalization: EXC_C14N,
  transforms: [ENVELOPED, EXC_C14N],
  signatureAlgorithm: RSA_SHA256,
  digestAlgorithm: SHA256,
  prefix: 'ds',
};
const RESPONSE_PATH = "/*[local-name(.)='Response']";
const ASSERTION_PATH = `${RESPONSE_PATH}/*[local-name(.)='Assertion']`;
const PATHS: Record<Target, string> = {
  response: RESPONSE_PATH,
  assertion: ASSERTION_PATH,
  decrypted: "/*[local-name(.)='Assertion']",
};

/** Signs the element at `target` (which must carry an Issuer) in `form`; throws when it cannot. */
function sign(xml: string, target: Target, form: Form): string {
  const path = PATHS[target];
  const signer = new SignedXml({
    privateKey: idpKeys.privateKeyPem,
    publicCert: idpKeys.certificatePem,
    signatureAlgorithm: form.signatureAlgorithm,
    canonicalizationAlgorithm: form.canonicalization,
    inclusiveNamespacesPrefixList: form.inclusivePrefixes,
  });
  signer.addReference({
    xpath: path,
    transforms: form.transforms,
    digestAlgorithm: form.digestAlgorithm,
    inclusiveNamespacesPrefixList: form.inclusivePrefixes,
  });
  signer.computeSignature(xml, {
    prefix: form.prefix,
    location: { reference: `${path}/*[local-name(.)='Issuer']`, action: 'after' },
  });
  return signer.getSignedXml();
}

// ---- the seeded fuzz ----

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  return { next, int, pick: <T>(items: readonly T[]): T => items[int(items.length)]! };
}
type Rng = ReturnType<typeof prng>;

const childrenOf = (e: Element) => Array.from(e.childNodes).filter((n) => n.nodeType === 1) as Element[];
const elementsOf = (doc: Document) => Array.from(doc.getElementsByTagName('*')) as Element[];
const signaturesOf = (doc: Document) => Array.from(doc.getElementsByTagNameNS(DSIG_NS, 'Signature'));
function textNodes(doc: Document): Text[] {
  const found: Text[] = [];
  const walk = (node: Node) => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3) found.push(child as Text);
      else if (child.nodeType === 1) walk(child);
    }
  };
  walk(doc);
  return found;
}
function insertAt(rng: Rng, parent: Element, node: Node): void {
  const children = Array.from(parent.childNodes).filter((child) => child !== node);
  parent.insertBefore(node, children.length === 0 ? null : (children[rng.int(children.length + 1)] ?? null));
}
function contains(ancestor: Node, node: Node): boolean {
  for (let n: Node | null = node; n; n = n.parentNode) if (n === ancestor) return true;
  return false;
}
/** A random element of the document outside `node` (where it can be moved or copied to). */
function elsewhere(rng: Rng, doc: Document, node: Node): Element | undefined {
  const candidates = elementsOf(doc).filter((e) => !contains(node, e));
  return candidates.length > 0 ? rng.pick(candidates) : undefined;
}
/** An unsigned copy naming someone else (a plain copy when an earlier edit removed the NameID). */
function forged(assertion: Element): Element {
  try {
    return evilCopy(assertion, 'admin@example.com');
  } catch {
    return assertion.cloneNode(true) as Element;
  }
}
function flip(rng: Rng, value: string): string {
  if (value.length === 0) return rng.pick(['x', ' ', '#']);
  const i = rng.int(value.length);
  return (
    value.slice(0, i) + rng.pick(['a', 'Z', '0', '+', '/', '=', ' ', '_', '#', 'é']) + value.slice(i + 1)
  );
}

const ALGORITHMS = [
  ENVELOPED,
  C14N,
  `${C14N}#WithComments`,
  EXC_C14N,
  `${EXC_C14N}WithComments`,
  'http://www.w3.org/2006/12/xml-c14n11',
  'http://www.w3.org/TR/1999/REC-xpath-19991116',
  `${DSIG_NS}sha1`,
  SHA256,
  'http://www.w3.org/2001/04/xmlenc#sha512',
  `${DSIG_NS}rsa-sha1`,
  RSA_SHA256,
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
  `${DSIG_NS}hmac-sha1`,
  '',
];

type Mutation = (rng: Rng, doc: Document) => string | undefined;

/** Each edits the document in place and names what it did (undefined: nothing applied). */
const MUTATIONS: Record<string, Mutation> = {
  flipText(rng, doc) {
    const texts = textNodes(doc).filter((t) => t.data.length > 0);
    if (texts.length === 0) return undefined;
    const text = rng.pick(texts);
    text.data = flip(rng, text.data);
    return `text of ${(text.parentNode as Element).tagName}`;
  },
  flipAttribute(rng, doc) {
    const element = rng.pick(elementsOf(doc));
    if (element.attributes.length === 0) return undefined;
    const attr = element.attributes[rng.int(element.attributes.length)]!;
    attr.value = flip(rng, attr.value);
    return `attribute ${attr.name} of ${element.tagName}`;
  },
  duplicateAssertion(rng, doc) {
    const assertion = doc.getElementsByTagNameNS(ASSERTION_NS, 'Assertion')[0];
    const to = assertion && rng.pick(elementsOf(doc));
    if (!assertion || !to) return undefined;
    const copy = rng.next() < 0.5 ? (assertion.cloneNode(true) as Element) : forged(assertion);
    if (rng.next() < 0.5) copy.setAttribute('ID', assertion.getAttribute('ID')!);
    insertAt(rng, to, copy);
    return `assertion copied into ${to.tagName}`;
  },
  moveAssertion(rng, doc) {
    const assertion = doc.getElementsByTagNameNS(ASSERTION_NS, 'Assertion')[0];
    const to = assertion && elsewhere(rng, doc, assertion);
    if (!assertion || !to) return undefined;
    if (rng.next() < 0.5) assertion.parentNode!.replaceChild(forged(assertion), assertion);
    insertAt(rng, to, assertion);
    return `assertion moved into ${to.tagName}`;
  },
  wrap(rng, doc) {
    const victims = [
      ...Array.from(doc.getElementsByTagNameNS(ASSERTION_NS, 'Assertion')),
      ...signaturesOf(doc),
    ];
    if (victims.length === 0) return undefined;
    const victim = rng.pick(victims);
    const wrapper = rng.pick([
      () => doc.createElementNS(PROTOCOL_NS, 'samlp:Extensions'),
      () => doc.createElementNS('urn:evil', 'evil:Wrapper'),
      () => doc.createElementNS(DSIG_NS, 'ds:Object'),
    ])();
    victim.parentNode!.replaceChild(wrapper, victim);
    wrapper.appendChild(victim);
    return `${victim.localName} wrapped in ${wrapper.tagName}`;
  },
  duplicateSignature(rng, doc) {
    const signatures = signaturesOf(doc);
    if (signatures.length === 0) return undefined;
    const to = rng.pick(elementsOf(doc));
    insertAt(rng, to, rng.pick(signatures).cloneNode(true));
    return `signature copied into ${to.tagName}`;
  },
  moveSignature(rng, doc) {
    const signatures = signaturesOf(doc);
    const signature = signatures.length > 0 ? rng.pick(signatures) : undefined;
    const to = signature && elsewhere(rng, doc, signature);
    if (!signature || !to) return undefined;
    insertAt(rng, to, signature);
    return `signature moved into ${to.tagName}`;
  },
  comment(rng, doc) {
    const to = rng.pick(elementsOf(doc));
    insertAt(rng, to, doc.createComment(rng.pick(['', 'x', ' admin@example.com '])));
    return `comment in ${to.tagName}`;
  },
  whitespace(rng, doc) {
    const to = rng.pick(elementsOf(doc));
    insertAt(rng, to, doc.createTextNode(rng.pick([' ', '\n', '\t', '\n  '])));
    return `whitespace in ${to.tagName}`;
  },
  declareNamespace(rng, doc) {
    const to = rng.pick(elementsOf(doc));
    const [name, value] = rng.pick([
      ['xmlns:evil', 'urn:evil'],
      ['xmlns', 'urn:default'],
      ['xmlns:saml', ASSERTION_NS],
      ['xmlns:ds', DSIG_NS],
      ['xmlns:samlp', PROTOCOL_NS],
      ['xmlns:ds', 'urn:not-dsig'],
    ] as const);
    to.setAttribute(name, value);
    return `${name}="${value}" on ${to.tagName}`;
  },
  undeclareNamespace(rng, doc) {
    const declaring = elementsOf(doc).filter((e) =>
      Array.from(e.attributes).some((a) => a.name === 'xmlns' || a.name.startsWith('xmlns:')),
    );
    if (declaring.length === 0) return undefined;
    const element = rng.pick(declaring);
    const attr = rng.pick(Array.from(element.attributes).filter((a) => a.name.startsWith('xmlns')));
    element.removeAttribute(attr.name);
    return `${attr.name} removed from ${element.tagName}`;
  },
  addId(rng, doc) {
    const ids = elementsOf(doc)
      .map((e) => e.getAttribute('ID'))
      .filter((v): v is string => !!v);
    if (ids.length === 0) return undefined;
    const to = rng.pick(elementsOf(doc));
    const value = rng.pick(ids);
    const name = rng.pick(['ID', 'Id', 'id', 'xml:id', 'evil:ID', 'evil:Id']);
    if (name.startsWith('evil:')) to.setAttributeNS('urn:evil', name, value);
    else if (name === 'xml:id') to.setAttributeNS('http://www.w3.org/XML/1998/namespace', name, value);
    else to.setAttribute(name, value);
    return `${name}="${value}" on ${to.tagName}`;
  },
  algorithm(rng, doc) {
    const withAlgorithm = elementsOf(doc).filter(
      (e) => e.namespaceURI === DSIG_NS && e.hasAttribute('Algorithm'),
    );
    if (withAlgorithm.length === 0) return undefined;
    const element = rng.pick(withAlgorithm);
    const algorithm = rng.pick(ALGORITHMS);
    element.setAttribute('Algorithm', algorithm);
    return `${element.localName} Algorithm=${algorithm}`;
  },
  transforms(rng, doc) {
    const containers = Array.from(doc.getElementsByTagNameNS(DSIG_NS, 'Transforms'));
    if (containers.length === 0) return undefined;
    const container = rng.pick(containers);
    const transforms = childrenOf(container);
    const op = rng.int(3);
    if (op === 0 && transforms.length > 0) container.removeChild(rng.pick(transforms));
    else if (op === 1 && transforms.length > 0)
      insertAt(rng, container, rng.pick(transforms).cloneNode(true));
    else for (const t of transforms.reverse()) container.appendChild(t);
    return `transforms ${['removed one', 'duplicated one', 'reversed'][op]}`;
  },
  inclusiveNamespaces(rng, doc) {
    const transforms = Array.from(doc.getElementsByTagNameNS(DSIG_NS, 'Transform'));
    const methods = Array.from(doc.getElementsByTagNameNS(DSIG_NS, 'CanonicalizationMethod'));
    const candidates = [...transforms, ...methods];
    if (candidates.length === 0) return undefined;
    const to = rng.pick(candidates);
    const list = rng.pick(['samlp saml', 'saml', 'evil', '#default', 'ds xs xsi']);
    const element = doc.createElementNS(EXC_C14N, 'ec:InclusiveNamespaces');
    element.setAttribute('PrefixList', list);
    to.appendChild(element);
    return `InclusiveNamespaces "${list}" in ${to.localName}`;
  },
  referenceUri(rng, doc) {
    const references = Array.from(doc.getElementsByTagNameNS(DSIG_NS, 'Reference'));
    if (references.length === 0) return undefined;
    const ids = elementsOf(doc)
      .map((e) => e.getAttribute('ID'))
      .filter((v): v is string => !!v);
    const uri = rng.pick(['', '#', '#missing', ...ids.map((id) => `#${id}`), `#xpointer(/)`, `#${ids[0]} `]);
    rng.pick(references).setAttribute('URI', uri);
    return `Reference URI="${uri}"`;
  },
  reorder(rng, doc) {
    const parents = elementsOf(doc).filter((e) => childrenOf(e).length >= 2);
    if (parents.length === 0) return undefined;
    const parent = rng.pick(parents);
    const children = childrenOf(parent);
    const a = rng.int(children.length);
    parent.insertBefore(children[a]!, rng.pick(children.filter((_, i) => i !== a)));
    return `children of ${parent.tagName} reordered`;
  },
  remove(rng, doc) {
    const candidates = elementsOf(doc).filter((e) => e !== doc.documentElement);
    if (candidates.length === 0) return undefined;
    const element = rng.pick(candidates);
    element.parentNode!.removeChild(element);
    return `${element.tagName} removed`;
  },
  rename(rng, doc) {
    // A different prefix for a namespace (or the same prefix bound to another namespace): rebuilt
    // element by element, since a DOM element's name cannot change.
    const candidates = elementsOf(doc).filter((e) => e !== doc.documentElement);
    if (candidates.length === 0) return undefined;
    const element = rng.pick(candidates);
    const [namespace, qualified] = rng.pick([
      [element.namespaceURI, `p${rng.int(3)}:${element.localName}`],
      [element.namespaceURI, element.localName],
      ['urn:evil', element.tagName],
    ] as const);
    const renamed = doc.createElementNS(namespace, qualified);
    for (const attr of Array.from(element.attributes)) renamed.setAttributeNode(attr.cloneNode(true) as Attr);
    while (element.firstChild) renamed.appendChild(element.firstChild);
    element.parentNode!.replaceChild(renamed, element);
    return `${element.tagName} renamed ${qualified} in ${namespace}`;
  },
};

/** Text-level edits the DOM cannot express: a prefix renamed throughout the document. */
function renamePrefix(rng: Rng, xml: string): [string, string] {
  const [from, to] = rng.pick([
    ['ds', 'dsig'],
    ['saml', 'a'],
    ['samlp', 'p'],
    ['saml', 'samlp'],
  ] as const);
  const renamed = xml.replace(new RegExp(`(</?|xmlns:)${from}([:=])`, 'g'), `$1${to}$2`);
  return [renamed, `prefix ${from} renamed ${to}`];
}

function randomForm(rng: Rng): Form {
  const canonicalization = rng.pick([EXC_C14N, C14N, `${EXC_C14N}WithComments`, `${C14N}#WithComments`]);
  const transforms = rng.pick([
    [ENVELOPED, canonicalization],
    [ENVELOPED, rng.pick([EXC_C14N, C14N, `${EXC_C14N}WithComments`])],
    [ENVELOPED],
  ]);
  const [signatureAlgorithm, digestAlgorithm] = rng.pick([
    [RSA_SHA256, SHA256],
    [PSS_SHA256, SHA256],
    [`${DSIG_NS}rsa-sha1`, `${DSIG_NS}sha1`],
    ['http://www.w3.org/2001/04/xmldsig-more#rsa-sha512', 'http://www.w3.org/2001/04/xmlenc#sha512'],
  ]);
  return {
    canonicalization,
    transforms,
    signatureAlgorithm: signatureAlgorithm!,
    digestAlgorithm: digestAlgorithm!,
    prefix: rng.pick(['ds', 'dsig', '']),
    inclusivePrefixes: rng.next() < 0.25 ? rng.pick([['samlp', 'saml'], ['saml'], ['evil']]) : undefined,
  };
}

const serialize = (doc: Document) => new XMLSerializer().serializeToString(doc as never);
const parse = (xml: string) => new DOMParser().parseFromString(xml, 'text/xml') as unknown as Document;

interface Mutant {
  xml: string;
  target: Target;
  steps: string[];
}

/**
 * One mutant of `base`: sometimes its content edited and signed again in a random form (so the
 * signature is valid over something unusual), then zero to three edits after signing.
 */
function mutant(rng: Rng, base: string, target: Target): Mutant {
  const steps: string[] = [];
  let xml = base;
  const names = Object.keys(MUTATIONS);
  if (rng.next() < 0.4) {
    const doc = parse(xml);
    for (const signature of signaturesOf(doc)) signature.parentNode!.removeChild(signature);
    for (let i = rng.int(3); i > 0; i--) {
      const name = rng.pick([
        'comment',
        'whitespace',
        'declareNamespace',
        'undeclareNamespace',
        'addId',
        'rename',
      ]);
      const done = MUTATIONS[name]!(rng, doc);
      if (done) steps.push(`before signing: ${done}`);
    }
    xml = serialize(doc);
    if (rng.next() < 0.2) {
      const [renamed, done] = renamePrefix(rng, xml);
      xml = renamed;
      steps.push(`before signing: ${done}`);
    }
    const form = randomForm(rng);
    try {
      if (target === 'response') xml = sign(xml, 'assertion', ORDINARY);
      xml = sign(xml, target, form);
      steps.push(`signed ${target} as ${JSON.stringify(form)}`);
    } catch {
      steps.length = 0;
      xml = base; // the edit left nothing signable: mutate the original instead
    }
  }
  for (let i = rng.int(steps.length > 0 ? 3 : 4) + (steps.length > 0 ? 0 : 1); i > 0; i--) {
    if (rng.next() < 0.08) {
      const [renamed, done] = renamePrefix(rng, xml);
      xml = renamed;
      steps.push(done);
      continue;
    }
    let doc: Document;
    try {
      doc = parse(xml);
    } catch {
      break; // an earlier edit left text no parser reads: compared as it is
    }
    const name = rng.pick(names);
    const done = MUTATIONS[name]!(rng, doc);
    if (!done) continue;
    steps.push(`${name}: ${done}`);
    xml = serialize(doc);
  }
  return { xml, target, steps };
}

describe('verifySignedElement is no more permissive than xml-crypto and node-saml', () => {
  let assertionSigned: string; // samlify's response, the assertion signed
  let bothSigned: string; // samlify's response, the assertion and the Response signed
  beforeAll(async () => {
    assertionSigned = decode(await idp.respond(sp, { nameId: 'ada@example.com', inResponseTo: '_request' }));
    bothSigned = decode(
      await idp.respond(
        { ...sp, wantResponseSigned: true },
        { nameId: 'ada@example.com', inResponseTo: '_request' },
      ),
    );
  });

  /** Asserts the property on named inputs and returns which ones each side accepted. */
  function check(inputs: Record<string, { xml: string; target?: Target }>) {
    const failures: string[] = [];
    const accepted: Record<string, { ours: boolean; xmlCrypto: boolean }> = {};
    for (const [name, { xml, target = 'assertion' }] of Object.entries(inputs)) {
      const tally = newTally();
      const failure = compare(xml, target, tally);
      if (failure) failures.push(`${name} (${target}): ${failure}\n${xml}`);
      accepted[name] = { ours: tally.ours === 1, xmlCrypto: tally.xmlCrypto === 1 };
    }
    expect(failures).toEqual([]);
    return accepted;
  }

  it('the signing forms IdPs use: accepted by all three, with the same canonical XML', () => {
    const b64 = Buffer.from(assertionSigned).toString('base64');
    const resigned = (form: Parameters<typeof resignAssertion>[3]) =>
      decode(resignAssertion(b64, idpKeys, () => {}, form));
    const forms = {
      samlify: { xml: assertionSigned },
      'samlify, Response': { xml: bothSigned, target: 'response' as const },
      'samlify, assertion of a signed Response': { xml: bothSigned },
      'exc-c14n': { xml: resigned({}) },
      c14n: { xml: resigned({ canonicalization: C14N, transforms: [ENVELOPED, C14N] }) },
      'enveloped only': { xml: resigned({ transforms: [ENVELOPED] }) },
      'exc-c14n with comments': {
        xml: resigned({
          canonicalization: `${EXC_C14N}WithComments`,
          transforms: [ENVELOPED, `${EXC_C14N}WithComments`],
        }),
      },
      'c14n with comments': {
        xml: resigned({
          canonicalization: `${C14N}#WithComments`,
          transforms: [ENVELOPED, `${C14N}#WithComments`],
        }),
      },
      'inclusive prefixes': { xml: resigned({ inclusivePrefixes: ['samlp', 'saml'] }) },
      'rsa-sha512': {
        xml: resigned({
          signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
          digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha512',
        }),
      },
      'rsa-sha1': {
        xml: resigned({ signatureAlgorithm: `${DSIG_NS}rsa-sha1`, digestAlgorithm: `${DSIG_NS}sha1` }),
      },
      'rsa-pss-sha256': {
        xml: resigned({ signatureAlgorithm: PSS_SHA256 }),
      },
      'default-namespace Signature': {
        xml: sign(stripped(assertionSigned), 'assertion', { ...ORDINARY, prefix: '' }),
      },
      'c14n, Response signed': {
        xml: sign(sign(stripped(assertionSigned), 'assertion', ORDINARY), 'response', {
          ...ORDINARY,
          canonicalization: C14N,
          transforms: [ENVELOPED, C14N],
        }),
        target: 'response' as const,
      },
    };
    const accepted = check(forms);
    for (const [name, sides] of Object.entries(accepted)) {
      expect({ name, ...sides }).toEqual({ name, ours: true, xmlCrypto: true });
    }
  });

  it('the attacks that reach the signature check: refused by ours', async () => {
    const b64 = Buffer.from(assertionSigned).toString('base64');
    const edited = (edit: (doc: Document) => void) => decode(editResponse(b64, edit));
    const attackerIdp = new TestIdp(idp.entityId, attackerKeys);
    const attacks: Record<string, { xml: string; target?: Target }> = {
      'modified after signing': {
        xml: edited((doc) => (first(doc, ASSERTION_NS, 'NameID').textContent = 'eve@example.com')),
      },
      'signatures stripped': { xml: stripped(assertionSigned) },
      'unsigned assertion, signed Response': { xml: sign(stripped(assertionSigned), 'response', ORDINARY) },
      'unsigned Response, signed assertion (Response checked)': { xml: assertionSigned, target: 'response' },
      'signed assertion moved into the forged one': {
        xml: edited((doc) => {
          const signed = assertionOf(doc);
          const evil = evilCopy(signed, 'admin@example.com');
          signed.parentNode!.replaceChild(evil, signed);
          first(evil, ASSERTION_NS, 'Subject').appendChild(signed);
        }),
      },
      'signed assertion moved into Extensions': {
        xml: edited((doc) => {
          const signed = assertionOf(doc);
          const extensions = doc.createElementNS(PROTOCOL_NS, 'samlp:Extensions');
          doc.documentElement.replaceChild(evilCopy(signed, 'admin@example.com'), signed);
          doc.documentElement.insertBefore(extensions, doc.documentElement.firstChild!.nextSibling);
          extensions.appendChild(signed);
        }),
      },
      'forged assertion placed before the signed one': {
        xml: edited((doc) => {
          const signed = assertionOf(doc);
          signed.parentNode!.insertBefore(evilCopy(signed, 'admin@example.com'), signed);
        }),
      },
      'forged copy carrying the same ID, before the signed one': {
        xml: edited((doc) => {
          const signed = assertionOf(doc);
          const evil = evilCopy(signed, 'admin@example.com');
          evil.setAttribute('ID', signed.getAttribute('ID')!);
          signed.parentNode!.insertBefore(evil, signed);
        }),
      },
      "another element carrying the assertion's ID as Id": {
        xml: edited((doc) => {
          const extensions = doc.createElementNS(PROTOCOL_NS, 'samlp:Extensions');
          extensions.setAttribute('Id', assertionOf(doc).getAttribute('ID')!);
          doc.documentElement.insertBefore(extensions, assertionOf(doc));
        }),
      },
      'a second Signature in the assertion': {
        xml: edited((doc) =>
          assertionOf(doc).appendChild(first(assertionOf(doc), DSIG_NS, 'Signature').cloneNode(true)),
        ),
      },
      'HMAC keyed with the certificate': {
        xml: decode(resignAssertion(b64, idpKeys, () => {}, { hmacWithCertificate: true })),
      },
      'three transforms': {
        xml: decode(resignAssertion(b64, idpKeys, () => {}, { transforms: [ENVELOPED, EXC_C14N, EXC_C14N] })),
      },
      'reference to the whole document': {
        xml: decode(resignAssertion(b64, idpKeys, () => {}, { referenceXpath: '/*', emptyUri: true })),
      },
      'reference naming the Response': {
        xml: decode(resignAssertion(b64, idpKeys, () => {}, { referenceXpath: RESPONSE_PATH })),
      },
      'no enveloped-signature transform': {
        xml: decode(resignAssertion(b64, idpKeys, () => {}, { transforms: [EXC_C14N] })),
      },
    };
    const accepted = check(attacks);
    if (process.env.SAML_FUZZ_REPORT) console.log(JSON.stringify(accepted));
    for (const [name, sides] of Object.entries(accepted))
      expect({ name, ours: sides.ours }).toEqual({ name, ours: false });
    // The attacker's own key, its certificate in KeyInfo: refused by all (KeyInfo is never read).
    const forged = await attackerIdp.respond(sp, { nameId: 'admin@example.com', inResponseTo: '_request' });
    const sides = check({ 'signed by another key, carried in KeyInfo': { xml: decode(forged) } });
    expect(sides['signed by another key, carried in KeyInfo']).toEqual({ ours: false, xmlCrypto: false });
  });

  it('found by the fuzz: a copy of the signature elsewhere in the document is refused, as xml-crypto refuses it', () => {
    const b64 = Buffer.from(assertionSigned).toString('base64');
    const copied = (where: (doc: Document) => Element) =>
      decode(
        editResponse(b64, (doc) => {
          where(doc).appendChild(first(assertionOf(doc), DSIG_NS, 'Signature').cloneNode(true));
        }),
      );
    const sides = check({
      'in Status': { xml: copied((doc) => first(doc, PROTOCOL_NS, 'Status')) },
      'in the Response Issuer': { xml: copied((doc) => first(doc, ASSERTION_NS, 'Issuer')) },
      'in its own KeyInfo': { xml: copied((doc) => first(assertionOf(doc), DSIG_NS, 'KeyInfo')) },
      untouched: { xml: assertionSigned },
    });
    expect(sides).toEqual({
      'in Status': { ours: false, xmlCrypto: false },
      'in the Response Issuer': { ours: false, xmlCrypto: false },
      'in its own KeyInfo': { ours: false, xmlCrypto: false },
      untouched: { ours: true, xmlCrypto: true },
    });
  });

  it('comments inside the NameID, added after signing: accepted, and read without them', () => {
    const commented = decode(
      editResponse(Buffer.from(assertionSigned).toString('base64'), (doc) => {
        const nameId = first(doc, ASSERTION_NS, 'NameID');
        nameId.firstChild!.textContent = 'ada@';
        nameId.appendChild(doc.createComment('evil.com'));
        nameId.appendChild(doc.createTextNode('example.com'));
        nameId.appendChild(doc.createComment('.evil.com'));
      }),
    );
    expect(commented).toContain('ada@<!--evil.com-->example.com<!--.evil.com-->');
    expect(check({ commented: { xml: commented } }).commented).toEqual({ ours: true, xmlCrypto: true });
    expect(ours(commented, 'assertion')).toContain('>ada@example.com</saml:NameID>');
  });

  it(`a seeded mutation fuzz (${MUTANTS} mutants, seed ${SEED})`, { timeout: 300_000 }, () => {
    const rng = prng(SEED);
    const tally = newTally();
    const failures: string[] = [];
    const bases: [string, Target][] = [
      [assertionSigned, 'assertion'],
      [bothSigned, 'response'],
      [bothSigned, 'assertion'],
    ];
    for (let n = 0; n < MUTANTS; n++) {
      const [base, target] = bases[n % bases.length]!;
      const m = mutant(rng, base, target);
      const before = { ...tally };
      const failure = compare(m.xml, m.target, tally);
      if (process.env.SAML_FUZZ_REPORT && tally.xmlCrypto > before.xmlCrypto && tally.ours === before.ours) {
        console.log(`stricter, mutant ${n} (${m.target}): ${m.steps.join('; ')}`);
      }
      if (failure && failures.length < 5) {
        failures.push(
          `seed ${SEED}, mutant ${n} (${m.target}): ${failure}\nsteps: ${m.steps.join('; ')}\n${m.xml}`,
        );
      }
    }
    expectFuzzHeld(failures, tally, MUTANTS);
  });
});

/** No violation; and not vacuous: many mutants are still validly signed, xml-crypto accepts at least as many. */
function expectFuzzHeld(failures: string[], tally: Tally, mutants: number): void {
  if (failures.length > 0) console.error(failures.join('\n\n'));
  expect(failures).toEqual([]);
  expect(tally.inputs).toBe(mutants);
  expect(tally.ours).toBeGreaterThan(mutants * 0.15);
  expect(tally.xmlCrypto).toBeGreaterThanOrEqual(tally.ours);
  expect(tally.nodeSaml).toBe(tally.ours);
  if (process.env.SAML_FUZZ_REPORT) console.log(JSON.stringify(tally));
}

function stripped(xml: string): string {
  const doc = parse(xml);
  for (const signature of signaturesOf(doc)) signature.parentNode!.removeChild(signature);
  return serialize(doc);
}

// ---- encrypted assertions: decrypted (node-saml's decryptXml), then verified ----

const ENCRYPTED_MUTANTS = Number(process.env.SAML_FUZZ_ENCRYPTED_MUTANTS ?? 200);
const spKeys = selfSignedKeyPair('sp.example.test');
const strangerSpKeys = selfSignedKeyPair('sp.example.test');
const decrypting: SamlConnectionConfig = {
  connectionId: 'conn_differential',
  spEntityId: sp.entityId,
  acsUrl: sp.acsUrl,
  idpEntityId: idp.entityId,
  idpSsoUrl: idp.ssoUrl,
  idpCertificates: [idpKeys.certificatePem],
  nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  wantAssertionsSigned: true,
  decryption: spKeys,
  allowIdpInitiated: false,
};

/** Ours on a whole encrypted Response, as the ACS runs it (saml-verify.ts); null when refused. */
async function oursEncrypted(response: string): Promise<string | null> {
  try {
    return await verifiedAssertionXml(decrypting, parseStrictXml(response).documentElement as Element);
  } catch (error) {
    if (error instanceof SamlRejected) return null;
    throw error;
  }
}

/** What xml-crypto and node-saml are given: the assertion as node-saml decrypts it; null if it cannot. */
async function decryptedAssertion(response: string): Promise<string | null> {
  const encrypted = parse(response).getElementsByTagNameNS(ASSERTION_NS, 'EncryptedAssertion')[0];
  if (!encrypted) return null;
  try {
    return await decryptXml(encrypted.toString(), spKeys.privateKeyPem);
  } catch {
    return null;
  }
}

async function compareEncrypted(response: string, tally: Tally): Promise<string | null> {
  return judge(await oursEncrypted(response), await decryptedAssertion(response), 'decrypted', tally);
}

describe('on encrypted assertions, verifiedAssertionXml is no more permissive than decryptXml + xml-crypto and node-saml', () => {
  let encrypted: string; // samlify's response, the signed assertion encrypted to our SP certificate
  let decrypted: string; // its assertion as node-saml decrypts it
  const reencrypted = (assertion: string, certificatePem = spKeys.certificatePem) =>
    withEncryptedAssertion(encrypted, assertion, certificatePem);
  const editedAssertion = (edit: (doc: Document) => void) => {
    const doc = parse(decrypted);
    edit(doc);
    return serialize(doc);
  };

  beforeAll(async () => {
    encrypted = decode(
      await idp.respond(
        { ...sp, encryptionCertificatePem: spKeys.certificatePem },
        { nameId: 'ada@example.com', inResponseTo: '_request' },
      ),
    );
    expect(encrypted).toContain('EncryptedAssertion');
    expect(encrypted).not.toContain('ada@example.com');
    decrypted = (await decryptedAssertion(encrypted))!;
    expect(decrypted).toContain('ada@example.com');
  });

  async function check(inputs: Record<string, string>) {
    const failures: string[] = [];
    const accepted: Record<string, { ours: boolean; xmlCrypto: boolean }> = {};
    for (const [name, response] of Object.entries(inputs)) {
      const tally = newTally();
      const failure = await compareEncrypted(response, tally);
      if (failure) failures.push(`${name}: ${failure}\n${response}`);
      accepted[name] = { ours: tally.ours === 1, xmlCrypto: tally.xmlCrypto === 1 };
    }
    expect(failures).toEqual([]);
    return accepted;
  }

  it('accepts what the IdP encrypted, and refuses each attack inside the encryption', async () => {
    const attackerIdp = new TestIdp(idp.entityId, attackerKeys);
    const forged = decode(
      await attackerIdp.respond(
        { ...sp, encryptionCertificatePem: spKeys.certificatePem },
        { nameId: 'admin@example.com', inResponseTo: '_request' },
      ),
    );
    const sides = await check({
      'samlify, encrypted': encrypted,
      're-encrypted as it was': reencrypted(decrypted),
      'modified after signing': reencrypted(
        editedAssertion((doc) => (first(doc, ASSERTION_NS, 'NameID').textContent = 'eve@example.com')),
      ),
      'signature stripped': reencrypted(stripped(decrypted)),
      'signed assertion moved into a forged one': reencrypted(
        editedAssertion((doc) => {
          const signed = doc.documentElement;
          const evil = evilCopy(signed, 'admin@example.com');
          doc.replaceChild(evil, signed);
          first(evil, ASSERTION_NS, 'Subject').appendChild(signed);
        }),
      ),
      'a second Signature in the assertion': reencrypted(
        editedAssertion((doc) =>
          doc.documentElement.appendChild(first(doc, DSIG_NS, 'Signature').cloneNode(true)),
        ),
      ),
      'signed by another key, carried in KeyInfo': forged,
      'encrypted to another certificate': reencrypted(decrypted, strangerSpKeys.certificatePem),
      'a DOCTYPE inside the encryption': reencrypted(`<!DOCTYPE x [<!ENTITY e "ada">]>${decrypted}`),
    });
    expect(sides).toEqual({
      'samlify, encrypted': { ours: true, xmlCrypto: true },
      're-encrypted as it was': { ours: true, xmlCrypto: true },
      'modified after signing': { ours: false, xmlCrypto: false },
      'signature stripped': { ours: false, xmlCrypto: false },
      'signed assertion moved into a forged one': { ours: false, xmlCrypto: false },
      'a second Signature in the assertion': { ours: false, xmlCrypto: false },
      'signed by another key, carried in KeyInfo': { ours: false, xmlCrypto: false },
      'encrypted to another certificate': { ours: false, xmlCrypto: false },
      // Signed content is intact, so xml-crypto accepts; we refuse any DOCTYPE (entity expansion).
      'a DOCTYPE inside the encryption': { ours: false, xmlCrypto: true },
    });
  });

  it(
    `a seeded mutation fuzz of the decrypted assertion, re-encrypted (${ENCRYPTED_MUTANTS} mutants, seed ${SEED})`,
    {
      timeout: 300_000,
    },
    async () => {
      const rng = prng(SEED ^ 0x5eed);
      const tally = newTally();
      const failures: string[] = [];
      for (let n = 0; n < ENCRYPTED_MUTANTS; n++) {
        const m = mutant(rng, decrypted, 'decrypted');
        const failure = await compareEncrypted(reencrypted(m.xml), tally);
        if (failure && failures.length < 5) {
          failures.push(
            `seed ${SEED}, encrypted mutant ${n}: ${failure}\nsteps: ${m.steps.join('; ')}\n${m.xml}`,
          );
        }
      }
      expectFuzzHeld(failures, tally, ENCRYPTED_MUTANTS);
    },
  );
});
