// Password reset by mail: a random single-use token (only its SHA-256 is stored) valid for 30
// minutes. Asking for a reset always answers the same, whether or not the address has an account;
// completing one consumes the token atomically, so a link works once even across instances.
import { ApiError, invalidArgument } from '../contract/api-error.ts';
import { newId, newSecret } from '../store/ids.ts';
import { sha256Hex } from '../util/hash.ts';
import { isoAfterSeconds, isoNow } from '../util/time.ts';
import { parseEmail } from '../users/email.ts';
import * as users from '../users/user-store.ts';
import { accountBucket, ipBucket } from './attempt-limits.ts';
import type { CredentialDeps } from './credential-deps.ts';
import { resetMail, sendInBackground } from './credential-mail.ts';
import { parseLinkBase, withParameter } from './link-url.ts';
import { passwordChangedEvent } from './login-users.ts';
import { savePasswordHash } from './password-store.ts';
import { hashPassword, passwordProblem } from './passwords.ts';

export const RESET_TTL_SECONDS = 30 * 60;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
// Used and expired reset rows are kept a day (for support questions), then swept on a later request.
const KEEP_MS = 86_400_000;

export const resetLinkUnusable = () =>
  new ApiError('FAILED_PRECONDITION', 'this password reset link is invalid, has expired or was already used');

/**
 * Mails a reset link to the account of `email`, if there is one. Resolves the same way either way;
 * the mail goes out in the background so the time taken does not tell either.
 */
export async function startReset(
  deps: CredentialDeps,
  email: string,
  ip: string,
  resetUrlBase: string,
): Promise<void> {
  const address = parseEmail(email);
  const base = parseLinkBase(resetUrlBase, 'resetUrlBase');
  const { config, attempts } = deps;
  await attempts.hit([ipBucket('reset', ip)], config.loginLimitIp, config.loginLimitWindowSeconds);
  await attempts.hit(
    [accountBucket('mail', address.normalized)],
    config.loginLimitMail,
    config.loginLimitWindowSeconds,
  );
  const user = await users.findByEmail(deps.db, address.normalized);
  if (!user) return;
  const token = newSecret(32);
  // One clock reading for both times: the link lives exactly RESET_TTL_SECONDS.
  const now = Date.now();
  const row = {
    id: newId('pwr'),
    user_id: user.id,
    token_hash: sha256Hex(token),
    created_at: new Date(now).toISOString(),
    expires_at: isoAfterSeconds(RESET_TTL_SECONDS, now),
    used_at: null,
  };
  await deps.db.insertInto('password_resets').values(row).execute();
  await deps.db
    .deleteFrom('password_resets')
    .where('expires_at', '<', new Date(Date.now() - KEEP_MS).toISOString())
    .execute();
  void sendInBackground(deps, resetMail(user.email, withParameter(base, 'token', token), row.expires_at));
}

/**
 * Sets a new password through a reset token and returns whose it was. The password is checked
 * before the token is spent, so a refused password can be corrected with the same link. Every other
 * outstanding reset link of the user dies with this one, and the owner's mailbox is proven: the
 * address becomes verified.
 */
export async function completeReset(
  deps: CredentialDeps,
  token: string,
  newPassword: string,
): Promise<{ userId: string }> {
  if (!TOKEN_PATTERN.test(token)) throw resetLinkUnusable();
  const tokenHash = sha256Hex(token);
  const pending = await deps.db
    .selectFrom('password_resets')
    .innerJoin('users', 'users.id', 'password_resets.user_id')
    .select(['users.id', 'users.email'])
    .where('password_resets.token_hash', '=', tokenHash)
    .where('password_resets.used_at', 'is', null)
    .where('password_resets.expires_at', '>', isoNow())
    .executeTakeFirst();
  if (!pending) throw resetLinkUnusable();
  const problem = passwordProblem(newPassword, pending.email);
  if (problem) throw invalidArgument(problem);
  // Hashing takes tens of milliseconds: done before the transaction, which then only writes.
  const passwordHash = await hashPassword(newPassword);
  const userId = await deps.db.transaction().execute(async (trx) => {
    const now = isoNow();
    const consumed = await trx
      .updateTable('password_resets')
      .set({ used_at: now })
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('user_id')
      .executeTakeFirst();
    if (!consumed) throw resetLinkUnusable();
    await trx
      .updateTable('password_resets')
      .set({ used_at: now })
      .where('user_id', '=', consumed.user_id)
      .where('used_at', 'is', null)
      .execute();
    await savePasswordHash(trx, consumed.user_id, passwordHash, now);
    const user = await trx
      .updateTable('users')
      .set({ email_verified: 1, updated_at: now })
      .where('id', '=', consumed.user_id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await passwordChangedEvent(trx, deps.environmentId, user, 'reset');
    return user.id;
  });
  // The owner is back in control: earlier failed guesses no longer hold the account shut.
  await deps.attempts.clear([accountBucket('login', pending.email)]);
  return { userId };
}
