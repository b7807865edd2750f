// Purpose-bound keys from the master key (HKDF-SHA256), so a key used for one job (CSRF tokens,
// cookies...) can never be mistaken for, or reveal, the key of another — or the master key itself.
import { hkdfSync } from 'node:crypto';

const PURPOSE = /^[a-z][a-z0-9-]{0,40}$/;

export function deriveKey(masterKey: Buffer, purpose: string): Buffer {
  if (masterKey.length < 32) throw new Error('master key must be at least 32 bytes');
  if (!PURPOSE.test(purpose)) throw new Error(`invalid key purpose ${JSON.stringify(purpose)}`);
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `gatehouse/${purpose}`, 32));
}
