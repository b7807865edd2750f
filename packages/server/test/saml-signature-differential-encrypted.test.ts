// The SAML signature differential (saml-signature-differential.test.ts) on encrypted assertions:
// they are held to the same property on the whole path the ACS takes
// (verifiedAssertionXml: node-saml's decryptXml, the DOCTYPE and strict-parse checks, then the
// signature): whatever it accepts from an EncryptedAssertion, xml-crypto and node-saml accept on the
// assertion node-saml decrypts, with the same canonical XML. Inputs: samlify's encrypted response,
// attacks placed inside the encryption, and mutants of the decrypted assertion re-encrypted
// (helpers/saml-encrypt.ts). Seeds 1-3 at 1,000 mutants each found nothing; ours refuses a DOCTYPE
// inside the encryption, which xml-crypto accepts.
import { decryptXml } from '@node-saml/node-saml/lib/xml.js';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SamlConnectionConfig } from '../src/sso/saml/saml-config.ts';
import { parseStrictXml } from '../src/sso/saml/saml-input.ts';
import { SamlRejected } from '../src/sso/saml/saml-rejected.ts';
import { verifiedAssertionXml } from '../src/sso/saml/saml-verify.ts';
import {
  attackerKeys,
  expectFuzzHeld,
  idp,
  idpKeys,
  judge,
  newTally,
  parse,
  serialize,
  sp,
  stripped,
  type Tally,
} from './helpers/saml-differential.ts';
import { SEED, mutant, prng } from './helpers/saml-mutations.ts';
import { selfSignedKeyPair } from './helpers/saml-certs.ts';
import { withEncryptedAssertion } from './helpers/saml-encrypt.ts';
import { TestIdp } from './helpers/saml-idp.ts';
import { ASSERTION_NS, DSIG_NS, decode, evilCopy, first } from './helpers/saml-xml-edit.ts';

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
