// IdP signing certificates as an admin pastes them (PEM, or the bare base64 metadata carries),
// parsed with node:crypto so garbage is refused before it is pinned. An expired certificate is
// accepted — IdPs keep signing with them and the admin must be able to see it — and its expiry is
// reported so the dashboard can flag it.
import { X509Certificate } from 'node:crypto';
import { invalidArgument } from '../contract/api-error.ts';
import { newId } from '../store/ids.ts';
import { isoNow } from '../util/time.ts';

export interface StoredCertificate {
  id: string;
  /** Normalised PEM. */
  pem: string;
  issuer: string;
  not_after: string;
  created_at: string;
  /** SHA-256 fingerprint: the same certificate pasted twice is kept once. */
  fingerprint: string;
}

/** Two at once: the current one and the next, so an IdP can roll its certificate over without downtime. */
export const MAX_CERTIFICATES = 2;
const MAX_PEM = 16_384;

export function parseCertificate(text: string): StoredCertificate {
  if (text.length > MAX_PEM) throw invalidArgument('idp_certificate is too large');
  const body = text.replace(/-----BEGIN CERTIFICATE-----|-----END CERTIFICATE-----/g, '').replace(/\s+/g, '');
  if (!body || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) {
    throw invalidArgument('idp_certificate is not a PEM or base64 X.509 certificate');
  }
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(Buffer.from(body, 'base64'));
  } catch {
    throw invalidArgument('idp_certificate could not be parsed as an X.509 certificate');
  }
  const lines = body.match(/.{1,64}/g) ?? [];
  return {
    id: newId('cert'),
    pem: `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`,
    issuer: cert.issuer.replace(/\n/g, ', '),
    not_after: new Date(cert.validTo).toISOString(),
    created_at: isoNow(),
    fingerprint: cert.fingerprint256,
  };
}

/**
 * Adds a certificate for rollover: an already pinned one is kept as it is; a new one joins, and when
 * two are pinned already the older one leaves.
 */
export function withCertificate(current: StoredCertificate[], added: StoredCertificate): StoredCertificate[] {
  if (current.some((c) => c.fingerprint === added.fingerprint)) return current;
  return [...current, added].slice(-MAX_CERTIFICATES);
}
