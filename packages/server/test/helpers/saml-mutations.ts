// The seeded mutation generator of the SAML signature differential tests: a small PRNG, edits of a
// signed SAML document (text and attributes flipped, the Assertion or a Signature copied, moved or
// wrapped, namespaces, IDs, algorithms, transforms, order), and mutant(), which sometimes signs the
// edited content again with the IdP's key so that odd but validly signed documents are produced too.
// The same seed gives the same mutants everywhere.
import { C14N, ENVELOPED, EXC_C14N, RSA_SHA256, SHA256 } from './saml-resign.ts';
import {
  ORDINARY,
  PROTOCOL_NS,
  PSS_SHA256,
  parse,
  serialize,
  sign,
  signaturesOf,
  type Form,
  type Target,
} from './saml-differential.ts';
import { ASSERTION_NS, DSIG_NS, evilCopy } from './saml-xml-edit.ts';

export const SEED = Number(process.env.SAML_FUZZ_SEED ?? 20261126);

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function prng(seed: number) {
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
export type Rng = ReturnType<typeof prng>;

const childrenOf = (e: Element) => Array.from(e.childNodes).filter((n) => n.nodeType === 1) as Element[];
const elementsOf = (doc: Document) => Array.from(doc.getElementsByTagName('*')) as Element[];
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

export interface Mutant {
  xml: string;
  target: Target;
  steps: string[];
}

/**
 * One mutant of `base`: sometimes its content edited and signed again in a random form (so the
 * signature is valid over something unusual), then zero to three edits after signing.
 */
export function mutant(rng: Rng, base: string, target: Target): Mutant {
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
