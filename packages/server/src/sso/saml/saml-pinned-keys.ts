// The public keys of a connection's pinned IdP certificates, parsed once per certificate and kept:
// parsing an X.509 certificate costs more than verifying the RSA signature it is used for. The cache
// is keyed by the certificate text, so a rotated certificate is simply a new entry.
import { X509Certificate, type KeyObject } from 'node:crypto';
import { SamlRejected } from './saml-rejected.ts';

const MAX_CACHED = 256;
const keys = new Map<string, KeyObject>();

export function pinnedKeys(certificates: readonly string[]): KeyObject[] {
  if (certificates.length === 0) throw new SamlRejected('invalid_configuration');
  return certificates.map(pinnedKey);
}

function pinnedKey(certificate: string): KeyObject {
  let key = keys.get(certificate);
  if (key) return key;
  try {
    key = new X509Certificate(asPem(certificate)).publicKey;
  } catch (error) {
    throw new SamlRejected('invalid_configuration', { cause: error });
  }
  if (keys.size >= MAX_CACHED) keys.clear();
  keys.set(certificate, key);
  return key;
}

/** A bare base64 certificate (as some IdP metadata carries it) gets its PEM armour. */
function asPem(certificate: string): string {
  if (certificate.includes('-----BEGIN')) return certificate;
  return `-----BEGIN CERTIFICATE-----\n${certificate.replace(/\s+/g, '')}\n-----END CERTIFICATE-----\n`;
}
