// Assertion ids already accepted, per connection, kept until the assertion could no longer pass the
// time checks anyway. Remembering is an insert that the primary key refuses the second time: the
// check and the write are one atomic step, shared by every instance on the database.
import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../../store/database.ts';
import type { Database } from '../../store/schema.ts';
import { isoNow } from '../../util/time.ts';

/** True when the id was new and is now remembered; false when it had been seen (a replay). */
export async function rememberAssertion(
  db: Kysely<Database>,
  connectionId: string,
  assertionId: string,
  expiresAt: string,
): Promise<boolean> {
  try {
    await db
      .insertInto('saml_assertions_seen')
      .values({ connection_id: connectionId, assertion_id: assertionId, expires_at: expiresAt })
      .execute();
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

/** Forgets ids whose assertions have expired (past the skew): those are refused by time already. */
export async function pruneSeenAssertions(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('saml_assertions_seen').where('expires_at', '<=', isoNow()).execute();
}
