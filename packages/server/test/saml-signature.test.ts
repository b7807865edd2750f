// The signature check of the SAML service provider (src/sso/saml/saml-signature.ts) on content the
// IdP's own key signed again (helpers/saml-resign.ts): the signature forms IdPs use verify, and the
// forms the rules forbid are refused even though the pinned key made them. Each refusal stands
// beside a control that passes.
import { XMLSerializer } from '@xmldom/xmldom';
import { beforeAll, expect, it } from 'vitest';
import { parseStrictXml } from '../src/sso/saml/saml-input.ts';
import { pinnedKeys } from '../src/sso/saml/saml-pinned-keys.ts';
import { verifySignedElement } from '../src/sso/saml/saml-signature.ts';
import { TestIdp } from './helpers/saml-idp.ts';
import { idpKeys, outcome, samlFixture, spInitiated, validate, type SamlFixture } from './helpers/saml-sp.ts';
import { C14N, ENVELOPED, EXC_C14N, resignAssertion, type SigningForm } from './helpers/saml-resign.ts';
import { ASSERTION_NS, DSIG_NS, assertionOf, decode, editResponse, first } from './helpers/saml-xml-edit.ts';
import { describeEachEngine, useServer } from './helpers/servers.ts';

const SAML_PROTOCOL_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';

describeEachEngine('SAML signature check', (engine) => {
  const ctx = useServer(engine);
  let f: SamlFixture;
  beforeAll(() => {
    f = samlFixture(ctx.server.running.ctx.db);
  });

  const fresh = async () => (await spInitiated(f, { nameId: 'ada@example.com' })).samlResponse;

  /** The same response signed again in `form` by the IdP's key: accepted, as ada. */
  async function acceptedWhenSigned(form: SigningForm) {
    const resigned = resignAssertion(await fresh(), idpKeys, () => {}, form);
    expect((await validate(f, resigned)).profile.nameId).toBe('ada@example.com');
  }

  /** The attack is refused; then a fresh response signed again in the ordinary form passes. */
  async function refusedBesideControl(attack: (samlResponse: string) => string, reason: string) {
    expect(await outcome(f, attack(await fresh()))).toBe(reason);
    expect(await outcome(f, resignAssertion(await fresh(), idpKeys))).toBe('accepted');
  }

  it('accepts the signature forms IdPs use', async () => {
    await acceptedWhenSigned({});
    await acceptedWhenSigned({ canonicalization: C14N, transforms: [ENVELOPED, C14N] });
    await acceptedWhenSigned({ transforms: [ENVELOPED] }); // the default c14n applies
    await acceptedWhenSigned({
      canonicalization: `${EXC_C14N}WithComments`,
      transforms: [ENVELOPED, `${EXC_C14N}WithComments`],
    });
    await acceptedWhenSigned({ inclusivePrefixes: ['samlp', 'saml'] });
    await acceptedWhenSigned({
      signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
      digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha512',
    });
    await acceptedWhenSigned({
      signatureAlgorithm: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1',
      digestAlgorithm: 'http://www.w3.org/2000/09/xmldsig#sha1',
    });
  });

  it('an HMAC signature keyed with the public certificate', async () => {
    await refusedBesideControl(
      (r) => resignAssertion(r, idpKeys, () => {}, { hmacWithCertificate: true }),
      'invalid_signature',
    );
  });

  it('more than two transforms', async () => {
    await refusedBesideControl(
      (r) => resignAssertion(r, idpKeys, () => {}, { transforms: [ENVELOPED, EXC_C14N, EXC_C14N] }),
      'invalid_signature',
    );
  });

  it('a reference to the whole document (URI="")', async () => {
    await refusedBesideControl(
      (r) => resignAssertion(r, idpKeys, () => {}, { referenceXpath: '/*', emptyUri: true }),
      'invalid_signature',
    );
  });

  it('a signature in the assertion whose reference names the Response, not the assertion', async () => {
    await refusedBesideControl(
      (r) => resignAssertion(r, idpKeys, () => {}, { referenceXpath: "/*[local-name(.)='Response']" }),
      'invalid_signature',
    );
  });

  it("another element carrying the assertion's ID (as Id) after signing", async () => {
    await refusedBesideControl(
      (r) =>
        editResponse(r, (doc) => {
          const extensions = doc.createElementNS(SAML_PROTOCOL_NS, 'samlp:Extensions');
          extensions.setAttribute('Id', assertionOf(doc).getAttribute('ID')!);
          doc.documentElement.insertBefore(extensions, assertionOf(doc));
        }),
      'invalid_signature',
    );
  });

  it('a second Signature in the assertion', async () => {
    await refusedBesideControl(
      (r) =>
        editResponse(r, (doc) => {
          const signature = first(assertionOf(doc), DSIG_NS, 'Signature');
          assertionOf(doc).appendChild(signature.cloneNode(true));
        }),
      'invalid_signature',
    );
  });

  it('two Conditions elements, signed', async () => {
    await refusedBesideControl(
      (r) =>
        resignAssertion(r, idpKeys, (doc) => {
          const conditions = first(doc, ASSERTION_NS, 'Conditions');
          conditions.parentNode!.insertBefore(conditions.cloneNode(true), conditions);
        }),
      'malformed',
    );
  });

  it('an AudienceRestriction that does not name us, beside one that does, signed', async () => {
    await refusedBesideControl(
      (r) =>
        resignAssertion(r, idpKeys, (doc) => {
          const restriction = first(doc, ASSERTION_NS, 'AudienceRestriction');
          const other = restriction.cloneNode(true) as Element;
          first(other, ASSERTION_NS, 'Audience').textContent = 'https://other-sp.example.test';
          restriction.parentNode!.appendChild(other);
        }),
      'wrong_audience',
    );
  });

  it('an assertion without Conditions, signed', async () => {
    await refusedBesideControl(
      (r) =>
        resignAssertion(r, idpKeys, (doc) => {
          const conditions = first(doc, ASSERTION_NS, 'Conditions');
          conditions.parentNode!.removeChild(conditions);
        }),
      'wrong_audience',
    );
  });
});

it('leaves the parsed document as it was, and returns the signed element without its signature', async () => {
  const idp = new TestIdp('https://idp.example.test', idpKeys);
  const sp = { entityId: 'https://sp.example.test', acsUrl: 'https://sp.example.test/acs' };
  const response = await idp.respond(sp, { nameId: 'ada@example.com', inResponseTo: '_request' });
  // The second form makes xml-crypto declare namespaces on what it canonicalizes: a copy, then.
  for (const form of [{}, { inclusivePrefixes: ['samlp', 'saml'] }]) {
    const doc = parseStrictXml(decode(resignAssertion(response, idpKeys, () => {}, form)));
    const before = new XMLSerializer().serializeToString(doc as never);
    const signed = verifySignedElement(assertionOf(doc), pinnedKeys([idpKeys.certificatePem]));
    expect(new XMLSerializer().serializeToString(doc as never)).toBe(before);
    expect(signed).toMatch(/^<saml:Assertion /);
    expect(signed).toContain('ada@example.com');
    expect(signed).not.toContain('Signature');
  }
});
