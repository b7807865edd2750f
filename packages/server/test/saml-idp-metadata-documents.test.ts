// IdP metadata documents as vendors publish them (Okta, Entra ID, Google; fixtures in
// test/fixtures/idp-metadata) parse to the right values, and every document that cannot be trusted
// or used is refused with INVALID_ARGUMENT and a message naming the cause. No database involved; the
// import itself is tested in saml-idp-metadata.test.ts.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../src/contract/api-error.ts';
import { applyImportedMetadata, prepareImport } from '../src/connections/idp-metadata-apply.ts';
import { defaultSamlConfig } from '../src/connections/saml-config.ts';
import { parseIdpMetadata } from '../src/sso/saml/idp-metadata.ts';
import { badDocuments, certificateBodies, fixture } from './helpers/idp-metadata-docs.ts';

const EMAIL = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';

function refusal(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  }
  throw new Error('expected a refusal');
}

describe('IdP metadata documents', () => {
  it('reads Okta metadata: md: prefix, HTTP-Redirect preferred over the HTTP-POST listed first', () => {
    const xml = fixture('okta');
    expect(parseIdpMetadata(xml)).toEqual({
      entityId: 'http://www.okta.com/exk1fx8rdjCZ5yTq5697',
      sso: {
        binding: 'HTTP_REDIRECT',
        url: 'https://gatehouse-demo.okta.com/app/gatehouse-demo_gatehouse_1/exk1fx8rdjCZ5yTq5697/sso/saml',
      },
      signingCertificates: certificateBodies(xml),
      nameIdFormats: ['urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified', EMAIL],
      wantAuthnRequestsSigned: false,
    });
  });

  it("reads Entra ID metadata: default namespace, the IdP's own two certificates past ds:Signature and WS-Fed roles", () => {
    const xml = fixture('entra-id');
    const tenant = '4f1c2b7e-9d3a-4c8e-a6b5-0e7d1f2a3b4c';
    const parsed = parseIdpMetadata(xml);
    expect(parsed).toEqual({
      entityId: `https://sts.windows.net/${tenant}/`,
      sso: { binding: 'HTTP_REDIRECT', url: `https://login.microsoftonline.com/${tenant}/saml2` },
      slo: { binding: 'HTTP_REDIRECT', url: `https://login.microsoftonline.com/${tenant}/saml2` },
      signingCertificates: [...new Set(certificateBodies(xml))],
      nameIdFormats: [],
      wantAuthnRequestsSigned: false,
    });
    expect(parsed.signingCertificates).toHaveLength(2);
    const issuers = prepareImport(xml).certificates.map((c) => c.issuer);
    expect(issuers).toEqual([
      'CN=Microsoft Azure Federated SSO Certificate',
      'CN=Microsoft Azure Federated SSO Certificate next',
    ]);
  });

  it('reads Google metadata: validUntil kept, emailAddress format, certificate wrapped over lines', () => {
    const parsed = parseIdpMetadata(fixture('google'));
    expect(parsed).toMatchObject({
      entityId: 'https://accounts.google.com/o/saml2?idpid=C03xk9q2m',
      sso: { binding: 'HTTP_REDIRECT', url: 'https://accounts.google.com/o/saml2/idp?idpid=C03xk9q2m' },
      nameIdFormats: [EMAIL],
      validUntil: '2031-11-20T09:12:44.000Z',
    });
    expect(prepareImport(fixture('google')).certificates[0]!.issuer).toBe('CN=Google');
  });

  it('accepts an EntitiesDescriptor holding one IdP beside service providers, and an HTTP-POST-only IdP', () => {
    const sp =
      '<md:EntityDescriptor entityID="https://sp.example.com"><md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></md:EntityDescriptor>';
    const okta = fixture('okta').replace(/^<\?xml[^>]*\?>/, '');
    const group = `<md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata">${sp}${okta}</md:EntitiesDescriptor>`;
    expect(parseIdpMetadata(group).entityId).toBe('http://www.okta.com/exk1fx8rdjCZ5yTq5697');
    const postOnly = fixture('okta').replace(
      /<md:SingleSignOnService Binding="[^"]*HTTP-Redirect"[^>]*\/>/,
      '',
    );
    expect(parseIdpMetadata(postOnly).sso.binding).toBe('HTTP_POST');
  });

  it('refuses what it cannot trust or use, each with a message naming the cause', () => {
    const cases: [keyof typeof badDocuments, RegExp][] = [
      ['doctype', /DOCTYPE/],
      ['oversized', /larger than 1024 KB/],
      ['malformed', /not well-formed/],
      ['noIdpDescriptor', /no IDPSSODescriptor/],
      ['twoIdps', /2 identity providers/],
      ['brokenCertificate', /signing certificate 1 could not be parsed/],
      ['expired', /expired at 2021-06-30/],
      ['noSsoService', /no SingleSignOnService/],
      ['noCertificate', /no signing certificate/],
      ['encryptionKeyOnly', /no signing certificate/],
      ['deeplyNested', /carries no X509Certificate/],
      ['httpSsoUrl', /SingleSignOnService Location in the IdP metadata must be an https URL/],
    ];
    for (const [name, message] of cases) {
      const xml = badDocuments[name]();
      // As an import runs it: parse and check, then lay over a connection's config (URLs checked there).
      const error = refusal(() => applyImportedMetadata(defaultSamlConfig(), prepareImport(xml)));
      expect({ name, code: error.errorCode }).toEqual({ name, code: 'INVALID_ARGUMENT' });
      expect(error.message, name).toMatch(message);
    }
    // The untouched document passes the same steps.
    expect(applyImportedMetadata(defaultSamlConfig(), prepareImport(fixture('okta'))).idp_entity_id).toBe(
      'http://www.okta.com/exk1fx8rdjCZ5yTq5697',
    );
  });
});
