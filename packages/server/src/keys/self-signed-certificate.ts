// An RSA key pair and a self-signed X.509 certificate around it, for the keys Gatehouse publishes as
// certificates (the IdP simulator's signing key, the SAML service provider's key). node:crypto makes
// the key; node-forge builds the certificate (node:crypto cannot issue certificates).
import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import forge from 'node-forge';

export interface CertifiedKeyPair {
  /** PKCS#8 PEM. */
  privateKeyPem: string;
  certificatePem: string;
  notBefore: Date;
  notAfter: Date;
}

export interface CertificateSubject {
  commonName: string;
  organizationName: string;
  validYears: number;
}

export async function newCertifiedKeyPair(subject: CertificateSubject): Promise<CertifiedKeyPair> {
  const { privateKey, publicKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
  const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  // A positive serial: a leading 0x01 keeps the high bit clear.
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  // A minute back, so a peer whose clock is slightly behind accepts it at once.
  const notBefore = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
  const notAfter = new Date(notBefore.getTime() + subject.validYears * 365 * 86_400_000);
  cert.validity.notBefore = notBefore;
  cert.validity.notAfter = notAfter;
  const name = [
    { name: 'commonName', value: subject.commonName },
    { name: 'organizationName', value: subject.organizationName },
  ];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.sign(forge.pki.privateKeyFromPem(privateKeyPem), forge.md.sha256.create());
  return { privateKeyPem, certificatePem: forge.pki.certificateToPem(cert), notBefore, notAfter };
}
