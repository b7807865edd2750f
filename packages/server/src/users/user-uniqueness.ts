// Emails are unique per environment compared case-insensitively (through email_normalized), and
// external ids are unique. The unique indexes enforce both; this check runs first, inside the
// writing transaction, so the error can say which one clashed.
import type { Kysely } from 'kysely';
import { alreadyExists } from '../contract/api-error.ts';
import type { Database } from '../store/schema.ts';
import * as users from './user-store.ts';
import type { UserRow } from './user-store.ts';

export async function ensureUserIsNew(
  trx: Kysely<Database>,
  user: Pick<UserRow, 'id' | 'email_normalized' | 'external_id'>,
): Promise<void> {
  const sameEmail = await users.findByEmail(trx, user.email_normalized);
  if (sameEmail && sameEmail.id !== user.id) {
    throw alreadyExists(`a user with email ${user.email_normalized} already exists`);
  }
  if (user.external_id !== null) {
    const sameExternalId = await users.findByExternalId(trx, user.external_id);
    if (sameExternalId && sameExternalId.id !== user.id) {
      throw alreadyExists(`a user with external_id ${user.external_id} already exists`);
    }
  }
}
