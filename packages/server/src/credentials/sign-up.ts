// Sign-up with a password. An address that already has an account is never taken over, whether or
// not that account has a password: its owner gets a mail saying someone tried, and the caller gets
// { status: 'existing' } to show the same "check your email" page it shows after a real sign-up
// that needs confirming — so the page does not tell a visitor who has an account.
import { invalidArgument } from '../contract/api-error.ts';
import { isUniqueViolation } from '../store/database.ts';
import { parseEmail } from '../users/email.ts';
import * as users from '../users/user-store.ts';
import { accountBucket, ipBucket } from './attempt-limits.ts';
import type { CredentialDeps } from './credential-deps.ts';
import { accountExistsMail, sendInBackground } from './credential-mail.ts';
import { insertUser, newUserRow, type NewUserNames } from './login-users.ts';
import { savePasswordHash } from './password-store.ts';
import { hashPassword, passwordProblem } from './passwords.ts';

export interface SignUpInput extends NewUserNames {
  email: string;
  password: string;
  /** The client's address: sign-ups are counted per IP with the login limit. */
  ip?: string | undefined;
  /** Where the "you already have an account" mail sends its reader. */
  signInUrl?: string | undefined;
}

export type SignUpResult = { status: 'created'; userId: string } | { status: 'existing' };

class AccountExists extends Error {}

export async function signUp(deps: CredentialDeps, input: SignUpInput): Promise<SignUpResult> {
  const email = parseEmail(input.email);
  const problem = passwordProblem(input.password, email.address);
  if (problem) throw invalidArgument(problem);
  const { config, attempts } = deps;
  if (input.ip) {
    await attempts.hit([ipBucket('signup', input.ip)], config.loginLimitIp, config.loginLimitWindowSeconds);
  }
  const user = newUserRow(email, input, false);
  // Hashed whatever happens next, so a new address and a taken one cost the same time.
  const passwordHash = await hashPassword(input.password);
  try {
    await deps.db.transaction().execute(async (trx) => {
      if (await users.findByEmail(trx, email.normalized)) throw new AccountExists();
      await insertUser(trx, deps.environmentId, user);
      await savePasswordHash(trx, user.id, passwordHash, user.created_at);
    });
    return { status: 'created', userId: user.id };
  } catch (error) {
    if (!(error instanceof AccountExists) && !isUniqueViolation(error)) throw error;
    await notifyOwner(deps, email.normalized, input.signInUrl);
    return { status: 'existing' };
  }
}

/**
 * Tells the owner, at the address on file (not as the form spelled it), at most as often as the
 * per-address mail limit allows: a sign-up form must not become a way to mail-bomb someone.
 */
async function notifyOwner(deps: CredentialDeps, normalized: string, signInUrl?: string) {
  const { config } = deps;
  const allowed = await deps.attempts
    .hit([accountBucket('mail', normalized)], config.loginLimitMail, config.loginLimitWindowSeconds)
    .then(
      () => true,
      () => false,
    );
  const owner = allowed ? await users.findByEmail(deps.db, normalized) : undefined;
  if (owner) void sendInBackground(deps, accountExistsMail(owner.email, signInUrl));
}
