// Translates a connection's configuration into node-saml options. InResponseTo and replay are
// checked by our own stores (shared across instances), so node-saml's in-memory cache is off.
import { SAML, ValidateInResponseTo, type SamlConfig } from '@node-saml/node-saml';
import { clockSkewSeconds, type SamlConnectionConfig } from './saml-config.ts';
import { SamlRejected } from './saml-rejected.ts';

export function samlFor(config: SamlConnectionConfig, requestId?: string): SAML {
  if (config.idpCertificates.length === 0) throw new SamlRejected('invalid_configuration');
  const options: SamlConfig = {
    issuer: config.spEntityId,
    callbackUrl: config.acsUrl,
    entryPoint: config.idpSsoUrl,
    audience: config.spEntityId,
    idpIssuer: config.idpEntityId,
    idpCert: config.idpCertificates,
    identifierFormat: config.nameIdFormat,
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: config.wantResponseSigned === true,
    acceptedClockSkewMs: clockSkewSeconds(config) * 1000,
    validateInResponseTo: ValidateInResponseTo.never,
    authnRequestBinding: 'HTTP-Redirect',
    // IdPs authenticate with MFA, Kerberos or passkeys; demanding "password over TLS" breaks them.
    disableRequestedAuthnContext: true,
    signatureAlgorithm: 'sha256',
    digestAlgorithm: 'sha256',
  };
  if (requestId) options.generateUniqueId = () => requestId;
  if (config.signRequests) {
    options.privateKey = config.signRequests.privateKeyPem;
    options.publicCert = config.signRequests.certificatePem;
  }
  if (config.decryption) options.decryptionPvk = config.decryption.privateKeyPem;
  return new SAML(options);
}
