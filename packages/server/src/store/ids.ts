// Prefixed, time-ordered ids (org_…, evt_…): a 48-bit millisecond clock then 80 random bits, in
// lowercase Crockford base32. Ids from one process are strictly increasing, so ordering by id is
// ordering by creation — which keyset pagination relies on.
import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
let lastTime = 0;
let lastRandom: Uint8Array = new Uint8Array(10);

export type IdPrefix =
  | 'org'
  | 'evt'
  | 'skc'
  | 'sks'
  | 'key'
  | 'lnk'
  | 'env'
  | 'req'
  | 'usr'
  | 'mem'
  | 'role'
  | 'perm'
  | 'inv'
  | 'dom'
  | 'msg'
  | 'whe'
  | 'whd'
  | 'wha'
  | 'ses'
  | 'plr'
  | 'pwr'
  | 'conn'
  | 'ctr'
  | 'cert';

export function newId(prefix: IdPrefix): string {
  let now = Date.now();
  if (now <= lastTime) {
    now = lastTime;
    lastRandom = increment(lastRandom);
  } else {
    lastTime = now;
    lastRandom = new Uint8Array(randomBytes(10));
  }
  return `${prefix}_${encodeTime(now)}${encodeRandom(lastRandom)}`;
}

function encodeTime(ms: number): string {
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[ms % 32] + out;
    ms = Math.floor(ms / 32);
  }
  return out;
}

function encodeRandom(bytes: Uint8Array): string {
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = 0; i < 16; i++) {
    out = ALPHABET[Number(bits & 31n)] + out;
    bits >>= 5n;
  }
  return out;
}

function increment(bytes: Uint8Array): Uint8Array {
  const next = new Uint8Array(bytes);
  for (let i = next.length - 1; i >= 0; i--) {
    if (next[i] !== 255) {
      next[i] = (next[i] ?? 0) + 1;
      return next;
    }
    next[i] = 0;
  }
  return next;
}

/** Random url-safe token for secrets handed to a person or a program once. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
