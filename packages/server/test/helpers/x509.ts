// Self-signed X.509 certificates for IdP fixtures, generated per run with node-forge (small RSA
// keys: they sign nothing here, they only have to parse).
import forge from 'node-forge';

export function selfSignedCertificate(commonName: string, validDays = 365, startDaysAgo = 0): string {
  const keys = forge.pki.rsa.generateKeyPair(1024);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = `01${forge.util.bytesToHex(forge.random.getBytesSync(8))}`;
  const start = new Date(Date.now() - startDaysAgo * 86_400_000);
  cert.validity.notBefore = start;
  cert.validity.notAfter = new Date(start.getTime() + validDays * 86_400_000);
  const attrs = [{ name: 'commonName', value: commonName }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

/** The base64 body of a PEM, as SAML metadata carries it in <ds:X509Certificate>. */
export function pemBody(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s+/g, '');
}
