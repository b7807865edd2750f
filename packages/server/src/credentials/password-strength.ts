// Which passwords are refused, after NIST SP 800-63B §5.1.1.2: 8 to 128 characters of anything
// (spaces and Unicode included), no composition rules, but never a password from a list of known
// common ones, a trivial run of characters, or one built from the account's own email address.
import { COMMON_PASSWORDS } from './common-passwords.ts';

export const MIN_PASSWORD_LENGTH = 8;
const MAX_LENGTH = 128;
// Digits and symbols people tack on either end of a word to satisfy composition rules.
const DECORATION = /^[^\p{L}]+|[^\p{L}]+$/gu;

/** A sentence for the person choosing the password, or undefined when the password is acceptable. */
export function passwordProblem(password: string, email: string): string | undefined {
  const normalized = password.normalize('NFKC');
  const length = [...normalized].length;
  if (length < MIN_PASSWORD_LENGTH) {
    return `Use at least ${MIN_PASSWORD_LENGTH} characters for your password.`;
  }
  if (length > MAX_LENGTH) return `Use at most ${MAX_LENGTH} characters for your password.`;
  const lower = normalized.toLowerCase();
  if (isCommon(lower)) {
    return 'This password is one of the most commonly used ones. Choose one that is harder to guess.';
  }
  if (isTrivialRun(lower)) {
    return 'This password is a repeated character or a simple sequence. Choose one that is harder to guess.';
  }
  if (containsEmail(lower, email)) {
    return 'Your password must not contain your email address or its name part.';
  }
  return undefined;
}

function isCommon(lower: string): boolean {
  if (COMMON_PASSWORDS.has(lower)) return true;
  const stem = lower.replace(DECORATION, '');
  // Only a stem that is most of the password counts: "dragon" in "dragonfly-orbit-42" is fine.
  return stem.length >= lower.length / 2 && COMMON_PASSWORDS.has(stem);
}

/** "aaaaaaaa", "12345678", "87654321", "abcdefgh", "abababab": one step repeated throughout. */
function isTrivialRun(lower: string): boolean {
  const codes = [...lower].map((c) => c.codePointAt(0) as number);
  const steps = new Set(codes.slice(1).map((code, i) => code - (codes[i] as number)));
  if (steps.size === 1) {
    const [step] = [...steps] as [number];
    if (Math.abs(step) <= 1) return true;
  }
  // A short unit repeated: "abcabcabc", "12121212".
  for (let unit = 1; unit <= 4; unit++) {
    if (lower.length % unit === 0 && lower === lower.slice(0, unit).repeat(lower.length / unit)) return true;
  }
  return false;
}

function containsEmail(lower: string, email: string): boolean {
  const address = email.trim().toLowerCase();
  const local = address.slice(0, Math.max(0, address.lastIndexOf('@')));
  if (address !== '' && lower.includes(address)) return true;
  // A name part of 3 characters or more; shorter ones ("al") would refuse too much by chance.
  return local.length >= 3 && lower.includes(local);
}
