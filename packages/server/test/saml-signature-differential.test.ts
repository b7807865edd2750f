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
// signed documents are compared too, not only broken ones). The verifiers and the property are in
// helpers/saml-differential.ts, the mutations in helpers/saml-mutations.ts; encrypted assertions are
// checked in saml-signature-differential-encrypted.test.ts.
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
import { beforeAll, describe, expect, it } from 'vitest';
import {
  PROTOCOL_NS,
  PSS_SHA256,
  ORDINARY,
  RESPONSE_PATH,
  attackerKeys,
  compare,
  expectFuzzHeld,
  idp,
  idpKeys,
  newTally,
  ours,
  sign,
  sp,
  stripped,
  type Target,
} from './helpers/saml-differential.ts';
import { SEED, mutant, prng } from './helpers/saml-mutations.ts';
import { TestIdp } from './helpers/saml-idp.ts';
import { C14N, ENVELOPED, EXC_C14N, resignAssertion } from './helpers/saml-resign.ts';
import {
  ASSERTION_NS,
  DSIG_NS,
  assertionOf,
  decode,
  editResponse,
  evilCopy,
  first,
} from './helpers/saml-xml-edit.ts';

const MUTANTS = Number(process.env.SAML_FUZZ_MUTANTS ?? 1200);

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
