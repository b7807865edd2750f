// Password hashing: argon2id with OWASP's recommended minimum (19 MiB of memory, 2 passes, one
// lane). The PHC string carries its own parameters and salt, so hashes made with older parameters
// keep verifying and are re-hashed on the next successful sign-in (needsRehash).
import { randomBytes } from 'node:crypto';
import { type Algorithm, hash, parseOptions, verify } from '@node-rs/argon2';

// @node-rs/argon2 declares Algorithm as a const enum, which isolated modules cannot read: 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;

export const PASSWORD_HASH_OPTIONS = {
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

/** Longer inputs are never hashed: they cannot be a valid password, and hashing them costs memory. */
export const MAX_PASSWORD_LENGTH = 128;

export { passwordProblem } from './password-strength.ts';

/**
 * NIST SP 800-63B asks for Unicode normalization before hashing, so the same password typed on two
 * keyboards (composed é or e + combining accent) is one password. Both hashing and checking use it.
 */
function normalized(password: string): string {
  return password.normalize('NFKC');
}

export function hashPassword(password: string): Promise<string> {
  return hash(normalized(password), PASSWORD_HASH_OPTIONS);
}

// A hash of a random secret nobody knows, made once with the same parameters: checking a password
// against it costs what a real check costs, so an unknown account answers as slowly as a known one.
let dummyHash: Promise<string> | undefined;
function timingDummy(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(32).toString('base64url'));
  return dummyHash;
}

/** Within the length a password may have (in code points, after normalization). */
export function withinMaxLength(password: string): boolean {
  // The raw length is checked first: normalizing a megabyte of input costs too.
  return (
    password.length <= MAX_PASSWORD_LENGTH * 4 && [...normalized(password)].length <= MAX_PASSWORD_LENGTH
  );
}

/**
 * True when `password` matches `passwordHash`. Without a hash (unknown user, or a user without a
 * password) or for an over-long input it still runs one full argon2id verification, against the
 * dummy hash, and answers false.
 */
export async function verifyPassword(passwordHash: string | undefined, password: string): Promise<boolean> {
  const candidate = withinMaxLength(password) ? normalized(password) : undefined;
  if (passwordHash === undefined || candidate === undefined) {
    await verify(await timingDummy(), candidate ?? '').catch(() => false);
    return false;
  }
  try {
    return await verify(passwordHash, candidate);
  } catch {
    // A malformed stored hash is a failed check, never a crash or a success.
    return false;
  }
}

/** True when a stored hash was made with other parameters than today's and should be replaced. */
export function needsRehash(passwordHash: string): boolean {
  try {
    const used = parseOptions(passwordHash);
    return (
      used.algorithm !== PASSWORD_HASH_OPTIONS.algorithm ||
      used.memoryCost !== PASSWORD_HASH_OPTIONS.memoryCost ||
      used.timeCost !== PASSWORD_HASH_OPTIONS.timeCost ||
      used.parallelism !== PASSWORD_HASH_OPTIONS.parallelism
    );
  } catch {
    return true;
  }
}
