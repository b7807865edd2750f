// Password credentials for the hosted login: set a password, sign in, sign up, and reset by mail.
// Every failure of sign-in reads the same ("email or password is incorrect") and costs the same
// time, whether the address is unknown, has no password, or the password is wrong; limits per
// account and per IP are applied before any password is checked.
import { notFound, unauthenticated, invalidArgument } from '../contract/api-error.ts';
import { isoNow } from '../util/time.ts';
import * as users from '../users/user-store.ts';
import { accountBucket, ipBucket } from './attempt-limits.ts';
import type { CredentialDeps } from './credential-deps.ts';
import { passwordChangedEvent } from './login-users.ts';
import { completeReset, startReset } from './password-reset.ts';
import { findAccount, savePasswordHash, upgradePasswordHash } from './password-store.ts';
import { hashPassword, needsRehash, passwordProblem, verifyPassword } from './passwords.ts';
import { signUp, type SignUpInput, type SignUpResult } from './sign-up.ts';

export const SIGN_IN_FAILED = 'email or password is incorrect';

export interface SignInInput {
  email: string;
  password: string;
  /** The client's address, for the per-IP limit. */
  ip: string;
}

export class PasswordCredentials {
  constructor(private readonly deps: CredentialDeps) {}

  /** Sets or replaces a user's password; a weak one is INVALID_ARGUMENT with a sentence for the user. */
  async setPassword(userId: string, password: string, email: string): Promise<void> {
    const problem = passwordProblem(password, email);
    if (problem) throw invalidArgument(problem);
    const passwordHash = await hashPassword(password);
    await this.deps.db.transaction().execute(async (trx) => {
      const user = await users.findById(trx, userId);
      if (!user) throw notFound(`user ${userId} not found`);
      await savePasswordHash(trx, userId, passwordHash, isoNow());
      await passwordChangedEvent(trx, this.deps.environmentId, user, 'set');
    });
  }

  /**
   * The user whose email and password these are, or UNAUTHENTICATED. Every attempt is counted before
   * the check (so parallel guesses cannot outrun the limit); a success gives its count back, so in
   * effect only failures use up the limit. Over a limit: RESOURCE_EXHAUSTED with retryAfterSeconds.
   */
  async signIn(input: SignInInput): Promise<{ userId: string }> {
    const { config, attempts } = this.deps;
    const email = input.email.trim().toLowerCase();
    const accountKeys = [accountBucket('login', email)];
    const ipKeys = [ipBucket('login', input.ip)];
    await attempts.hit(ipKeys, config.loginLimitIp, config.loginLimitWindowSeconds);
    await attempts.hit(accountKeys, config.loginLimitAccount, config.loginLimitWindowSeconds);
    const account = email.length <= 254 ? await findAccount(this.deps.db, email) : undefined;
    const matches = await verifyPassword(account?.passwordHash, input.password);
    if (!account?.passwordHash || !matches) throw unauthenticated(SIGN_IN_FAILED);
    await attempts.clear(accountKeys);
    await attempts.refund(ipKeys);
    if (needsRehash(account.passwordHash))
      await this.rehash(account.userId, account.passwordHash, input.password);
    return { userId: account.userId };
  }

  /** Creates a user with a password; an address that is taken yields { status: 'existing' } (see sign-up.ts). */
  signUp(input: SignUpInput): Promise<SignUpResult> {
    return signUp(this.deps, input);
  }

  /** Always resolves; mails `${resetUrlBase}?token=…` (valid 30 minutes, once) when the account exists. */
  startReset(email: string, ip: string, resetUrlBase: string): Promise<void> {
    return startReset(this.deps, email, ip, resetUrlBase);
  }

  /** Consumes the token and sets the password; FAILED_PRECONDITION for an unusable link. */
  completeReset(token: string, newPassword: string): Promise<{ userId: string }> {
    return completeReset(this.deps, token, newPassword);
  }

  /** Moves a hash made with older parameters to today's, now that the password is known to be right. */
  private async rehash(userId: string, previousHash: string, password: string): Promise<void> {
    const next = await hashPassword(password);
    await upgradePasswordHash(this.deps.db, userId, previousHash, next, isoNow());
  }
}
