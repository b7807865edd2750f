// Stateless CSRF tokens for the hosted forms: an HMAC over what the form is bound to (the interaction
// id and a random per-browser cookie value), so a token from one browser or one interaction is
// useless in another, and nothing has to be stored. The key comes from deriveKey(master, 'csrf').
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export { deriveKey } from '../store/derive-key.ts';

/** The hidden field every hosted form carries. */
export const CSRF_FIELD = 'csrf';

// Domain separation: the same key must not produce, for another use, a MAC that passes here.
const LABEL = 'gatehouse-csrf-v1\0';
const TOKEN_LENGTH = 43; // 32 bytes of HMAC-SHA256 in base64url

/**
 * One binding string from its parts, unambiguously (["a.b", "c"] and ["a", "b.c"] differ). Use it
 * for e.g. csrfBinding(interactionUid, browserCookieValue).
 */
export function csrfBinding(...parts: string[]): string {
  return JSON.stringify(parts);
}

export function csrfToken(key: Buffer, binding: string): string {
  if (key.length < 32) throw new Error('CSRF key must be at least 32 bytes');
  if (binding.length === 0) throw new Error('a CSRF token must be bound to something');
  return createHmac('sha256', key)
    .update(LABEL + binding, 'utf8')
    .digest('base64url');
}

/** Whether `presented` (a form field: anything) is the token for this binding; constant-time. */
export function csrfValid(key: Buffer, binding: string, presented: unknown): boolean {
  if (typeof presented !== 'string' || presented.length !== TOKEN_LENGTH || binding.length === 0)
    return false;
  const expected = Buffer.from(csrfToken(key, binding), 'utf8');
  const given = Buffer.from(presented, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** A random value for the per-browser cookie the tokens are bound to (256 bits, base64url). */
export function newBrowserBinding(): string {
  return randomBytes(32).toString('base64url');
}
