// The two ways a session ends by a write: revocation (the API, a password reset…) and logout (the
// person, through the OIDC provider). Each is one conditional UPDATE of live sessions only, so two
// concurrent endings — on any number of instances — end a session once and write one event.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { revocationReason } from './session-input.ts';
import { sessionEvent } from './session-events.ts';
import { liveAt } from './session-queries.ts';
import { toRecord, type SessionRecord } from './session-record.ts';

export interface RevocationScope {
  column: 'id' | 'user_id';
  value: string;
}

/** Revokes the live sessions of one session id or one user in one transaction; oldest first. */
export function revokeLive(
  db: Kysely<Database>,
  environmentId: string,
  scope: RevocationScope,
  reason: string,
  now: Date,
): Promise<SessionRecord[]> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .updateTable('user_sessions')
      .set({ revoked_at: at, revoked_reason: revocationReason(reason), updated_at: at })
      .where(scope.column, '=', scope.value)
      .where(liveAt(at))
      .returningAll()
      .execute();
    const records = rows.map(toRecord).sort((a, b) => (a.id < b.id ? -1 : 1));
    for (const record of records) await sessionEvent(trx, environmentId, 'session.revoked', record, now);
    return records;
  });
}

/** Marks the live session of a provider session uid as logged out; undefined when none is live. */
export function logOutLive(
  db: Kysely<Database>,
  environmentId: string,
  oidcSessionUid: string,
  now: Date,
): Promise<SessionRecord | undefined> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('user_sessions')
      .set({ logout_at: at, updated_at: at })
      .where('oidc_session_uid', '=', oidcSessionUid)
      .where(liveAt(at))
      .returningAll()
      .executeTakeFirst();
    if (!row) return undefined;
    const record = toRecord(row);
    await sessionEvent(trx, environmentId, 'session.logged_out', record, now);
    return record;
  });
}
