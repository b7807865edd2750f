// IdP metadata as a change to a SAML connection: the parsed document checked the way an admin's own
// input is (entity id, https endpoints, X.509 certificates), then laid over the stored config. The
// metadata is authoritative for what it describes — its certificates replace the pinned ones, so an
// IdP's rollover flows through — and fields the same request sets explicitly are applied after it.
import { ApiError, invalidArgument } from '../contract/api-error.ts';
import { parseIdpMetadata, type IdpMetadata } from '../sso/saml/idp-metadata.ts';
import { entityId, idpUrl } from './connection-input.ts';
import { parseCertificate, type StoredCertificate } from './idp-certificate.ts';
import type { StoredSamlConfig } from './saml-config.ts';

export interface ImportedIdpMetadata {
  metadata: IdpMetadata;
  certificates: StoredCertificate[];
  /** Where it was fetched from (kept for refresh); absent for a pasted or uploaded document. */
  url?: string;
}

const NAME_ID_FORMATS: Record<string, string> = {
  'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress': 'EMAIL',
  'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent': 'PERSISTENT',
  'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified': 'UNSPECIFIED',
  'urn:oasis:names:tc:SAML:2.0:nameid-format:transient': 'TRANSIENT',
};
/** Users are matched by email, so an email NameID is best; a transient one is the last resort. */
const NAME_ID_PREFERENCE = ['EMAIL', 'PERSISTENT', 'UNSPECIFIED', 'TRANSIENT'];

/** Parses and checks a document; throws INVALID_ARGUMENT naming the problem. */
export function prepareImport(xml: string, url?: string): ImportedIdpMetadata {
  const metadata = parseIdpMetadata(xml);
  const certificates = metadata.signingCertificates.map((body, i) => {
    try {
      return parseCertificate(body);
    } catch (error) {
      const why = error instanceof ApiError ? error.message.replace(/^idp_certificate /, '') : 'is unusable';
      throw invalidArgument(`IdP metadata: signing certificate ${i + 1} ${why}`);
    }
  });
  return { metadata, certificates, ...(url ? { url } : {}) };
}

/** The NameID format to request: the current one if the IdP offers it, else the most useful offered. */
function nameIdFormat(offered: string[], current: string): string {
  const names = offered.map((uri) => NAME_ID_FORMATS[uri]).filter((n): n is string => n !== undefined);
  if (names.length === 0 || names.includes(current)) return current;
  return NAME_ID_PREFERENCE.find((n) => names.includes(n)) ?? current;
}

/** The stored config with the metadata applied; certificates already pinned keep their id and date. */
export function applyImportedMetadata(
  current: StoredSamlConfig,
  imported: ImportedIdpMetadata,
): StoredSamlConfig {
  const { metadata } = imported;
  const where = 'in the IdP metadata';
  return {
    ...current,
    idp_metadata_url: imported.url,
    idp_entity_id: entityId(metadata.entityId, `entityID ${where}`),
    idp_sso_url: idpUrl(metadata.sso.url, `the SingleSignOnService Location ${where}`),
    sso_binding: metadata.sso.binding,
    idp_slo_url: metadata.slo
      ? idpUrl(metadata.slo.url, `the SingleLogoutService Location ${where}`)
      : undefined,
    slo_binding: metadata.slo?.binding ?? current.slo_binding,
    certificates: imported.certificates.map(
      (c) => current.certificates.find((kept) => kept.fingerprint === c.fingerprint) ?? c,
    ),
    name_id_format: nameIdFormat(metadata.nameIdFormats, current.name_id_format),
    // An IdP that wants signed AuthnRequests gets them; one that does not want them may still get them.
    want_request_signed: metadata.wantAuthnRequestsSigned || current.want_request_signed,
  };
}
