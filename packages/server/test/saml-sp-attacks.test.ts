// Attacks on the SAML service provider, each crafted by editing what the samlify IdP signed (with
// @xmldom/xmldom) and each beside its unmodified control, which must pass: a refusal proves the
// check, not a broken fixture.
import { beforeAll, expect, it } from 'vitest';
import { TestIdp } from './helpers/saml-idp.ts';
import {
  attackerKeys,
  outcome,
  samlFixture,
  spInitiated,
  validate,
  type SamlFixture,
} from './helpers/saml-sp.ts';
import {
  ASSERTION_NS,
  assertionOf,
  decode,
  editResponse,
  encode,
  evilCopy,
  first,
  removeSignatures,
} from './helpers/saml-xml-edit.ts';
import { describeEachEngine, useServer } from './helpers/servers.ts';

const iso = (offsetSeconds: number) => new Date(Date.now() + offsetSeconds * 1000).toISOString();

describeEachEngine('SAML service provider refuses', (engine) => {
  const ctx = useServer(engine);
  let f: SamlFixture;
  beforeAll(() => {
    f = samlFixture(ctx.server.running.ctx.db);
  });

  /** A fresh SP-initiated response; the attack is refused, then the untouched response passes. */
  async function refusedThenControl(attack: (b64: string) => string, reason: string) {
    const { samlResponse } = await spInitiated(f, { nameId: 'ada@example.com' });
    expect(await outcome(f, attack(samlResponse))).toBe(reason);
    const login = await validate(f, samlResponse);
    expect(login.profile.nameId).toBe('ada@example.com');
  }

  /** A separately built bad response is refused; a correct one from the same IdP passes. */
  async function refusedBesideControl(bad: string, reason: string) {
    expect(await outcome(f, bad)).toBe(reason);
    const good = await spInitiated(f, { nameId: 'ada@example.com' });
    expect(await outcome(f, good.samlResponse)).toBe('accepted');
  }

  it('a response modified after signing', async () => {
    await refusedThenControl(
      (b64) =>
        editResponse(b64, (doc) => (first(doc, ASSERTION_NS, 'NameID').textContent = 'eve@example.com')),
      'invalid_signature',
    );
  });

  it('a response whose signatures were stripped', async () => {
    await refusedThenControl((b64) => editResponse(b64, removeSignatures), 'invalid_signature');
  });

  it('an unsigned assertion inside a signed response', async () => {
    const unsignedAssertion = await spInitiated(f, { nameId: 'ada@example.com' }, f.idp, {
      ...f.sp,
      signAssertion: false,
      wantResponseSigned: true,
    });
    expect(decode(unsignedAssertion.samlResponse)).toContain('Signature');
    await refusedBesideControl(unsignedAssertion.samlResponse, 'invalid_signature');
  });

  it('a response re-signed with another certificate carried in KeyInfo', async () => {
    const attacker = new TestIdp(f.idp.entityId, attackerKeys);
    const forged = await spInitiated(f, { nameId: 'admin@example.com' }, attacker);
    const carried = attackerKeys.certificatePem.replace(/-----[A-Z ]+-----|\s/g, '');
    const inKeyInfo = decode(forged.samlResponse)
      .match(/X509Certificate>([^<]+)</)?.[1]
      ?.replace(/\s/g, '');
    expect(inKeyInfo).toBe(carried);
    await refusedBesideControl(forged.samlResponse, 'invalid_signature');
  });

  it('signature wrapping: an unsigned assertion placed before the signed one', async () => {
    await refusedThenControl(
      (b64) =>
        editResponse(b64, (doc) => {
          const signed = assertionOf(doc);
          signed.parentNode!.insertBefore(evilCopy(signed, 'admin@example.com'), signed);
        }),
      'multiple_assertions',
    );
  });

  it('signature wrapping: an unsigned assertion placed after the signed one', async () => {
    await refusedThenControl(
      (b64) =>
        editResponse(b64, (doc) => {
          const signed = assertionOf(doc);
          signed.parentNode!.appendChild(evilCopy(signed, 'admin@example.com'));
        }),
      'multiple_assertions',
    );
  });

  it('signature wrapping: the signed assertion moved into the forged one, which takes its place', async () => {
    await refusedThenControl(
      (b64) =>
        editResponse(b64, (doc) => {
          const signed = assertionOf(doc);
          const evil = evilCopy(signed, 'admin@example.com');
          signed.parentNode!.replaceChild(evil, signed);
          first(evil, ASSERTION_NS, 'Subject').appendChild(signed);
        }),
      'invalid_signature',
    );
  });

  it('signature wrapping: the signed assertion moved into the Response Extensions', async () => {
    await refusedThenControl(
      (b64) =>
        editResponse(b64, (doc) => {
          const signed = assertionOf(doc);
          const response = doc.documentElement;
          const extensions = doc.createElementNS('urn:oasis:names:tc:SAML:2.0:protocol', 'samlp:Extensions');
          response.replaceChild(evilCopy(signed, 'admin@example.com'), signed);
          response.insertBefore(extensions, response.firstChild!.nextSibling);
          extensions.appendChild(signed);
        }),
      'invalid_signature',
    );
  });

  it('a comment inside the NameID does not change the identity', async () => {
    const { samlResponse } = await spInitiated(f, { nameId: 'admin@x.com.evil.com' });
    const commented = editResponse(samlResponse, (doc) => {
      const nameId = first(doc, ASSERTION_NS, 'NameID');
      nameId.textContent = '';
      nameId.appendChild(doc.createTextNode('admin@x.com'));
      nameId.appendChild(doc.createComment(''));
      nameId.appendChild(doc.createTextNode('.evil.com'));
    });
    expect(decode(commented)).toContain('admin@x.com<!---->.evil.com');
    const login = await validate(f, commented);
    expect(login.profile.nameId).toBe('admin@x.com.evil.com');
    // The control: an untouched response for the same person yields the same identity.
    const control = await spInitiated(f, { nameId: 'admin@x.com.evil.com' });
    expect((await validate(f, control.samlResponse)).profile.nameId).toBe('admin@x.com.evil.com');
  });

  it('two signed assertions in one response', async () => {
    const other = await spInitiated(f, { nameId: 'admin@example.com' });
    const second = assertionOf(
      new (await import('@xmldom/xmldom')).DOMParser().parseFromString(
        decode(other.samlResponse),
        'text/xml',
      ) as never,
    );
    await refusedThenControl(
      (b64) =>
        editResponse(b64, (doc) => doc.documentElement.appendChild(doc.importNode(second as never, true))),
      'multiple_assertions',
    );
  });

  it('a DOCTYPE with entity declarations', async () => {
    await refusedThenControl((b64) => {
      const xml = decode(b64);
      return encode(`<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e "admin@example.com">]>${xml}`);
    }, 'doctype_forbidden');
  });

  it('a response larger than the limit, and one that is not base64', async () => {
    await refusedThenControl((b64) => b64 + 'A'.repeat(400 * 1024), 'too_large');
    await refusedThenControl((b64) => `${b64.slice(0, 20)}%%${b64.slice(20)}`, 'malformed');
  });

  /** A response whose template values differ from a correct one; the control uses the defaults. */
  async function refusedContent(values: Record<string, string>, reason: string) {
    const bad = await spInitiated(f, { nameId: 'ada@example.com', values });
    expect(await outcome(f, bad.samlResponse)).toBe(reason);
    const good = await spInitiated(f, { nameId: 'ada@example.com' });
    expect(await outcome(f, good.samlResponse)).toBe('accepted');
  }

  it('a wrong audience', async () => {
    await refusedContent({ Audience: 'https://other-sp.example.test' }, 'wrong_audience');
  });

  it('a wrong recipient', async () => {
    await refusedContent({ SubjectRecipient: 'https://evil.example.test/acs' }, 'wrong_recipient');
  });

  it('a wrong destination', async () => {
    await refusedContent({ Destination: 'https://evil.example.test/acs' }, 'wrong_destination');
  });

  it('a wrong issuer', async () => {
    await refusedContent({ Issuer: 'https://other-idp.example.test' }, 'wrong_issuer');
  });

  it('an unknown InResponseTo, and one that disagrees with the signed confirmation', async () => {
    const unknown = await f.idp.respond(f.sp, { nameId: 'ada@example.com', inResponseTo: '_never_sent' });
    expect(await outcome(f, unknown)).toBe('unknown_in_response_to');
    await refusedThenControl(
      (b64) => editResponse(b64, (doc) => doc.documentElement.setAttribute('InResponseTo', '_other')),
      'in_response_to_mismatch',
    );
  });

  it('expired conditions beyond the skew (and accepts them within it)', async () => {
    await refusedContent({ ConditionsNotOnOrAfter: iso(-120) }, 'expired');
    await refusedContent({ SubjectConfirmationDataNotOnOrAfter: iso(-120) }, 'expired');
    const withinSkew = await spInitiated(f, {
      nameId: 'ada@example.com',
      values: { ConditionsNotOnOrAfter: iso(-30), SubjectConfirmationDataNotOnOrAfter: iso(-30) },
    });
    expect(await outcome(f, withinSkew.samlResponse)).toBe('accepted');
  });

  it('not-yet-valid conditions beyond the skew (and accepts them within it)', async () => {
    await refusedContent({ ConditionsNotBefore: iso(120) }, 'not_yet_valid');
    const withinSkew = await spInitiated(f, {
      nameId: 'ada@example.com',
      values: { ConditionsNotBefore: iso(30) },
    });
    expect(await outcome(f, withinSkew.samlResponse)).toBe('accepted');
  });

  it('a response whose status is not Success', async () => {
    await refusedContent(
      { StatusCode: 'urn:oasis:names:tc:SAML:2.0:status:Responder' },
      'status_not_success',
    );
  });
});
