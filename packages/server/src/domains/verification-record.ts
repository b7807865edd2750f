// The DNS TXT record that proves control of a domain: its name and a fresh value per domain record.
// Deleting and re-adding a domain issues a new value, so an old record proves nothing.
import { randomBytes } from 'node:crypto';

export const VERIFICATION_RECORD_PREFIX = '_gatehouse-verification';
const VALUE_PREFIX = 'gatehouse-verification=';

export function verificationRecordName(domain: string): string {
  return `${VERIFICATION_RECORD_PREFIX}.${domain}`;
}

/** 128 random bits in hex: safe to paste into any DNS provider's form. */
export function newVerificationValue(): string {
  return `${VALUE_PREFIX}${randomBytes(16).toString('hex')}`;
}
