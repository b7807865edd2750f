// A stored SAML connection as the SAML engine sees it: our SP endpoints from the public URL, the
// IdP side from saml_config. Undefined when the connection cannot sign anyone in (not SAML, or the
// IdP side is incomplete).
import { readSamlConfig, samlCompleteness } from '../connections/saml-config.ts';
import type { ConnectionRow } from '../connections/connection-store.ts';
import { spEndpoints } from '../connections/connection-urls.ts';
import type { SamlConnectionConfig } from './saml/saml-config.ts';

const NAME_ID_FORMATS: Record<string, string> = {
  EMAIL: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  PERSISTENT: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
  TRANSIENT: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
  UNSPECIFIED: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
};

export function samlConnectionConfig(
  row: ConnectionRow,
  publicUrl: string,
): SamlConnectionConfig | undefined {
  if (row.type !== 'SAML') return undefined;
  const stored = readSamlConfig(row.saml_config);
  if (samlCompleteness(stored) !== 'complete') return undefined;
  const sp = spEndpoints(publicUrl, row.id);
  return {
    connectionId: row.id,
    spEntityId: sp.entityId,
    acsUrl: sp.assertionUrl,
    idpEntityId: stored.idp_entity_id ?? '',
    idpSsoUrl: stored.idp_sso_url ?? '',
    ...(stored.sso_binding === 'HTTP_POST' ? { postRequestPage: sp.authnRequestPage } : {}),
    idpCertificates: stored.certificates.map((c) => c.pem),
    nameIdFormat: NAME_ID_FORMATS[stored.name_id_format] ?? NAME_ID_FORMATS.UNSPECIFIED!,
    // Assertions are always required signed; "response and assertion" also requires the Response.
    wantAssertionsSigned: true,
    wantResponseSigned: stored.signing_option === 'SAML_RESPONSE_ASSERTION_SIGNING',
    // The switch for IdP-initiated login is a default_redirect_uri: where the unsolicited login is
    // handed to the application (sso/idp-initiated-login.ts). Without one they are refused.
    allowIdpInitiated: stored.default_redirect_uri !== undefined,
  };
}
