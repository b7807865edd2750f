// Connection tests in the database. A test is PENDING until the IdP's answer is recorded, once: the
// conditional UPDATE only moves a PENDING, unexpired test, so a replayed or late answer cannot change
// a result already given, on any instance. A test is readable for fifteen minutes after it starts.
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../../store/schema.ts';
import { newId } from '../../store/ids.ts';
import { isoAfterSeconds, isoNow } from '../../util/time.ts';
import type { TestOutcome } from './test-outcome.ts';
import type { ConnectionTestTable } from './test-tables.ts';

/** How long a test can be answered and read: time for an admin to sign in at the IdP, with MFA. */
export const TEST_LIFETIME_SECONDS = 15 * 60;

export const TEST_ID = /^ctr_[0-9a-z]{26}$/;

export type ConnectionTestRow = Selectable<ConnectionTestTable>;

export async function createConnectionTest(db: Kysely<Database>, connectionId: string): Promise<string> {
  const id = newId('ctr');
  const now = isoNow();
  // Expired tests can no longer be read; ops/prune-expired.ts deletes them.
  await db
    .insertInto('connection_tests')
    .values({
      id,
      connection_id: connectionId,
      status: 'PENDING',
      user_info: null,
      error: null,
      error_description: null,
      error_details: null,
      created_at: now,
      expires_at: isoAfterSeconds(TEST_LIFETIME_SECONDS),
      completed_at: null,
    })
    .execute();
  return id;
}

/** Forgets a test that could not be started (its IdP request was never sent). */
export async function dropConnectionTest(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('connection_tests').where('id', '=', id).execute();
}

/** The test of this connection, unexpired; undefined for an unknown id or another connection's. */
export async function findConnectionTest(
  db: Kysely<Database>,
  connectionId: string,
  id: string | null | undefined,
): Promise<ConnectionTestRow | undefined> {
  if (!id || !TEST_ID.test(id)) return undefined;
  return db
    .selectFrom('connection_tests')
    .selectAll()
    .where('id', '=', id)
    .where('connection_id', '=', connectionId)
    .where('expires_at', '>', isoNow())
    .executeTakeFirst();
}

/** The id when it names a test of this connection still awaiting its answer. */
export async function pendingTestId(
  db: Kysely<Database>,
  connectionId: string,
  id: string | null | undefined,
): Promise<string | undefined> {
  const row = await findConnectionTest(db, connectionId, id);
  return row?.status === 'PENDING' ? row.id : undefined;
}

/** Records the answer; false when the test was already answered or has expired (nothing changes). */
export async function completeConnectionTest(
  db: Kysely<Database>,
  id: string,
  outcome: TestOutcome,
): Promise<boolean> {
  const now = isoNow();
  const columns =
    outcome.status === 'SUCCESS'
      ? { status: outcome.status, user_info: JSON.stringify(outcome.userInfo) }
      : {
          status: outcome.status,
          error: outcome.error,
          error_description: outcome.description,
          error_details: outcome.details ? JSON.stringify(outcome.details) : null,
        };
  const result = await db
    .updateTable('connection_tests')
    .set({ ...columns, completed_at: now })
    .where('id', '=', id)
    .where('status', '=', 'PENDING')
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
