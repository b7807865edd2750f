// Translates a connection's configuration into node-saml options for what node-saml still does for
// us: building (and signing) AuthnRequests. Responses are checked by our own code (saml-verify.ts,
// saml-signature.ts, saml-assertion-checks.ts) and decrypted with node-saml's decryptXml, so no
// response-validation option is set here. node-saml's default keeps its in-memory request cache off:
// InResponseTo is checked by our store, shared across instances.
import { SAML, type SamlConfig } from '@node-saml/node-saml';
import type { SamlConnectionConfig } from './saml-config.ts';
import { SamlRejected } from './saml-rejected.ts';

export function samlFor(config: SamlConnectionConfig, requestId?: string): SAML {
  // A login that could never be verified is not started.
  if (config.idpCertificates.length === 0) throw new SamlRejected('invalid_configuration');
  const options: SamlConfig = {
    issuer: config.spEntityId,
    callbackUrl: config.acsUrl,
    entryPoint: config.idpSsoUrl,
    // Required by node-saml's constructor; it reads it only to validate responses, which it no longer does.
    idpCert: config.idpCertificates,
    identifierFormat: config.nameIdFormat,
    authnRequestBinding: config.postRequestPage ? 'HTTP-POST' : 'HTTP-Redirect',
    // The POST binding carries the XML itself (base64, not deflated); the redirect binding deflates it.
    skipRequestCompression: config.postRequestPage !== undefined,
    // IdPs authenticate with MFA, Kerberos or passkeys; demanding "password over TLS" breaks them.
    disableRequestedAuthnContext: true,
    // When the connection signs its requests: the redirect binding's query-string signature, or the
    // POST binding's enveloped XML signature (RSA-SHA256, SHA-256 digest, exclusive c14n).
    signatureAlgorithm: 'sha256',
    digestAlgorithm: 'sha256',
  };
  if (requestId) options.generateUniqueId = () => requestId;
  if (config.signRequests) {
    options.privateKey = config.signRequests.privateKeyPem;
    options.publicCert = config.signRequests.certificatePem;
  }
  return new SAML(options);
}
