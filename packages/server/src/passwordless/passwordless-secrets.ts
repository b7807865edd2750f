// The one-time credentials of a passwordless request: a 6-digit code and a 256-bit link token.
// Neither is stored. The link token is looked up by its SHA-256 (it is unguessable on its own). A
// 6-digit code is not: its SHA-256 could be reversed by trying a million codes, so it is stored as
// an HMAC under a key derived from the master key, and bound to its request id.
import { createHmac, randomInt } from 'node:crypto';
import { deriveKey } from '../store/derive-key.ts';
import { newSecret } from '../store/ids.ts';
import { sha256Hex } from '../util/hash.ts';

export const CODE_PATTERN = /^\d{6}$/;
export const LINK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** The HMAC key for codes, derived from the master key so every instance computes the same one. */
export function codeKeyFrom(masterKey: Buffer): Buffer {
  return deriveKey(masterKey, 'passwordless-code');
}

export function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export function newLinkToken(): string {
  return newSecret(32);
}

export function codeDigest(key: Buffer, requestId: string, code: string): string {
  return createHmac('sha256', key).update(`${requestId}:${code}`, 'utf8').digest('hex');
}

export function linkDigest(token: string): string {
  return sha256Hex(token);
}
