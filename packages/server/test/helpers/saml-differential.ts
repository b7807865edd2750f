// The reference side of the SAML signature differential tests (saml-signature-differential*.test.ts):
// our verifier and the two maintained ones it is held against (xml-crypto's SignedXml as node-saml
// drives it, and node-saml's getVerifiedXml), the property they are judged by, and signing with the
// IdP's key in a chosen form. One fixed IdP key pair and SP per test file that imports it.
import { getVerifiedXml } from '@node-saml/node-saml/lib/xml.js';
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { expect } from 'vitest';
import { parseStrictXml } from '../../src/sso/saml/saml-input.ts';
import { pinnedKeys } from '../../src/sso/saml/saml-pinned-keys.ts';
import { SamlRejected } from '../../src/sso/saml/saml-rejected.ts';
import { verifySignedElement } from '../../src/sso/saml/saml-signature.ts';
import { SAML_ASSERTION_NS } from '../../src/sso/saml/saml-xml.ts';
import { selfSignedKeyPair } from './saml-certs.ts';
import { TestIdp, type SpDescription } from './saml-idp.ts';
import { EXC_C14N, ENVELOPED, RSA_SHA256, SHA256 } from './saml-resign.ts';
import { DSIG_NS } from './saml-xml-edit.ts';

export const PROTOCOL_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
export const PSS_SHA256 = 'http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1';

export const idpKeys = selfSignedKeyPair('idp.example.test');
export const attackerKeys = selfSignedKeyPair('idp.example.test');
const keys = pinnedKeys([idpKeys.certificatePem]);
export const sp: SpDescription = {
  entityId: 'https://sp.example.test',
  acsUrl: 'https://sp.example.test/acs',
};
export const idp = new TestIdp('https://idp.example.test', idpKeys);

/** `decrypted`: an assertion as decrypted from an EncryptedAssertion, the root of its own document. */
export type Target = 'assertion' | 'response' | 'decrypted';

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
export function ours(xml: string, target: Target): string | null {
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

export interface Tally {
  inputs: number;
  ours: number;
  xmlCrypto: number;
  nodeSaml: number;
}
export const newTally = (): Tally => ({ inputs: 0, ours: 0, xmlCrypto: 0, nodeSaml: 0 });

/** Checks the property on one input; returns a description of the violation, or null. */
export function compare(xml: string, target: Target, tally: Tally): string | null {
  return judge(ours(xml, target), xml, target, tally);
}

/** The property, given our verdict and what the other two verify (null: nothing, e.g. undecryptable). */
export function judge(mine: string | null, xml: string | null, target: Target, tally: Tally): string | null {
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

export interface Form {
  canonicalization: string;
  transforms: string[];
  signatureAlgorithm: string;
  digestAlgorithm: string;
  prefix: string;
  inclusivePrefixes?: string[];
}
export const ORDINARY: Form = {
  canonicalization: EXC_C14N,
  transforms: [ENVELOPED, EXC_C14N],
  signatureAlgorithm: RSA_SHA256,
  digestAlgorithm: SHA256,
  prefix: 'ds',
};
export const RESPONSE_PATH = "/*[local-name(.)='Response']";
const ASSERTION_PATH = `${RESPONSE_PATH}/*[local-name(.)='Assertion']`;
const PATHS: Record<Target, string> = {
  response: RESPONSE_PATH,
  assertion: ASSERTION_PATH,
  decrypted: "/*[local-name(.)='Assertion']",
};

/** Signs the element at `target` (which must carry an Issuer) in `form`; throws when it cannot. */
export function sign(xml: string, target: Target, form: Form): string {
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

export const serialize = (doc: Document) => new XMLSerializer().serializeToString(doc as never);
export const parse = (xml: string) => new DOMParser().parseFromString(xml, 'text/xml') as unknown as Document;
export const signaturesOf = (doc: Document) => Array.from(doc.getElementsByTagNameNS(DSIG_NS, 'Signature'));

export function stripped(xml: string): string {
  const doc = parse(xml);
  for (const signature of signaturesOf(doc)) signature.parentNode!.removeChild(signature);
  return serialize(doc);
}

/** No violation; and not vacuous: many mutants are still validly signed, xml-crypto accepts at least as many. */
export function expectFuzzHeld(failures: string[], tally: Tally, mutants: number): void {
  if (failures.length > 0) console.error(failures.join('\n\n'));
  expect(failures).toEqual([]);
  expect(tally.inputs).toBe(mutants);
  expect(tally.ours).toBeGreaterThan(mutants * 0.15);
  expect(tally.xmlCrypto).toBeGreaterThanOrEqual(tally.ours);
  expect(tally.nodeSaml).toBe(tally.ours);
  if (process.env.SAML_FUZZ_REPORT) console.log(JSON.stringify(tally));
}
