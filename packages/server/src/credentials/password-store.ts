// Queries over user_passwords. Knows rows and SQL, nothing of HTTP or protobuf.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';

export interface PasswordAccount {
  userId: string;
  email: string;
  /** Undefined when the user exists but has never set a password. */
  passwordHash: string | undefined;
}

/** The account an email (lower-cased) signs in to, with its password hash if it has one. */
export async function findAccount(
  db: Kysely<Database>,
  normalizedEmail: string,
): Promise<PasswordAccount | undefined> {
  const row = await db
    .selectFrom('users')
    .leftJoin('user_passwords', 'user_passwords.user_id', 'users.id')
    .select(['users.id', 'users.email', 'user_passwords.password_hash'])
    .where('users.email_normalized', '=', normalizedEmail)
    .executeTakeFirst();
  if (!row) return undefined;
  return { userId: row.id, email: row.email, passwordHash: row.password_hash ?? undefined };
}

export async function hasPassword(db: Kysely<Database>, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('user_passwords')
    .select('user_id')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Sets (or replaces) a user's password hash. */
export async function savePasswordHash(
  db: Kysely<Database>,
  userId: string,
  passwordHash: string,
  now: string,
): Promise<void> {
  await db
    .insertInto('user_passwords')
    .values({ user_id: userId, password_hash: passwordHash, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ password_hash: passwordHash, updated_at: now }))
    .execute();
}

/** Replaces a hash only if it is still the one that was checked (a re-hash must not undo a reset). */
export async function upgradePasswordHash(
  db: Kysely<Database>,
  userId: string,
  previousHash: string,
  passwordHash: string,
  now: string,
): Promise<void> {
  await db
    .updateTable('user_passwords')
    .set({ password_hash: passwordHash, updated_at: now })
    .where('user_id', '=', userId)
    .where('password_hash', '=', previousHash)
    .execute();
}
