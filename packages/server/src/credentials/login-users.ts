// The user records that signing up and signing in create or touch, written through the users area's
// store and events so they look exactly like users made by the API (user.created, user.updated).
import type { Kysely } from 'kysely';
import { appendEvent } from '../events/event-log.ts';
import { newId } from '../store/ids.ts';
import type { Database } from '../store/schema.ts';
import { isUniqueViolation } from '../store/database.ts';
import { isoNow } from '../util/time.ts';
import { userEvent } from '../users/user-events.ts';
import { EMPTY_PROFILE, text } from '../users/user-input.ts';
import { userJson } from '../users/user-mapper.ts';
import * as users from '../users/user-store.ts';
import type { UserRow } from '../users/user-store.ts';
import { userView } from '../users/user-view.ts';
import type { Email } from '../users/email.ts';
import type { CredentialDeps } from './credential-deps.ts';

export interface NewUserNames {
  givenName?: string | undefined;
  familyName?: string | undefined;
}

export function newUserRow(email: Email, names: NewUserNames, emailVerified: boolean): UserRow {
  const given = text(names.givenName ?? '', 'given_name');
  const family = text(names.familyName ?? '', 'family_name');
  const now = isoNow();
  return {
    id: newId('usr'),
    email: email.address,
    email_normalized: email.normalized,
    email_verified: emailVerified ? 1 : 0,
    external_id: null,
    profile: JSON.stringify({
      ...EMPTY_PROFILE,
      given_name: given,
      family_name: family,
      name: `${given} ${family}`.trim(),
    }),
    metadata: '{}',
    last_login_at: null,
    created_at: now,
    updated_at: now,
  };
}

/** Inserts a user with its user.created event; run inside the caller's transaction. */
export async function insertUser(trx: Kysely<Database>, environmentId: string, user: UserRow): Promise<void> {
  await users.insert(trx, user);
  await userEvent(trx, environmentId, 'user.created', await userView(trx, user));
}

/** Records that a user's password was set or replaced (never the password or its hash). */
export async function passwordChangedEvent(
  trx: Kysely<Database>,
  environmentId: string,
  user: UserRow,
  reason: 'set' | 'reset',
): Promise<void> {
  await appendEvent(trx, environmentId, {
    type: 'user.password_changed',
    organizationId: null,
    object: 'User',
    data: { user: userJson(await userView(trx, user), environmentId), reason },
  });
}

/**
 * The user an email address belongs to, once its owner has proven they read mail there (a
 * passwordless code or link): an existing user is marked email_verified; an unknown address becomes
 * a new, verified user. Two first sign-ins racing for one address end with one user.
 */
export async function findOrCreateVerifiedUser(
  deps: Pick<CredentialDeps, 'db' | 'environmentId'>,
  email: Email,
  names: NewUserNames = {},
): Promise<{ userId: string; created: boolean }> {
  const existing = await users.findByEmail(deps.db, email.normalized);
  if (existing) {
    if (existing.email_verified !== 1) await markVerified(deps, existing);
    return { userId: existing.id, created: false };
  }
  const user = newUserRow(email, names, true);
  try {
    await deps.db.transaction().execute((trx) => insertUser(trx, deps.environmentId, user));
    return { userId: user.id, created: true };
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await users.findByEmail(deps.db, email.normalized);
    if (!winner) throw error;
    return { userId: winner.id, created: false };
  }
}

async function markVerified(deps: Pick<CredentialDeps, 'db' | 'environmentId'>, user: UserRow) {
  await deps.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('users')
      .set({ email_verified: 1, updated_at: isoNow() })
      .where('id', '=', user.id)
      .where('email_verified', '=', 0)
      .returningAll()
      .executeTakeFirst();
    if (result) await userEvent(trx, deps.environmentId, 'user.updated', await userView(trx, result));
  });
}
