// Queries over user_sessions. Knows rows and SQL, nothing of protobuf or HTTP. The status
// conditions here are the SQL form of sessionStatus() in session-record.ts and must agree with it.
import type { ExpressionBuilder, Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { keysetPage, type Page } from '../util/keyset-page.ts';
import type { Cursor } from '../util/page-token.ts';
import type { SessionRow, SessionStatus } from './session-record.ts';

type Eb = ExpressionBuilder<Database, 'user_sessions'>;

/** Neither revoked nor logged out: the session ended (if at all) only by the clock. */
function notEnded(eb: Eb) {
  return eb.and([eb('revoked_at', 'is', null), eb('logout_at', 'is', null)]);
}

/** Live at `at` (an ISO time): not ended, and no expiry at or before `at`. */
export function liveAt(at: string) {
  return (eb: Eb) =>
    eb.and([
      notEnded(eb),
      eb.or([eb('idle_expires_at', 'is', null), eb('idle_expires_at', '>', at)]),
      eb.or([eb('absolute_expires_at', 'is', null), eb('absolute_expires_at', '>', at)]),
    ]);
}

function statusIs(eb: Eb, status: SessionStatus, at: string) {
  switch (status) {
    case 'revoked':
      return eb('revoked_at', 'is not', null);
    case 'logout':
      return eb.and([eb('revoked_at', 'is', null), eb('logout_at', 'is not', null)]);
    case 'expired':
      return eb.and([
        notEnded(eb),
        eb.or([eb('idle_expires_at', '<=', at), eb('absolute_expires_at', '<=', at)]),
      ]);
    case 'active':
      return liveAt(at)(eb);
  }
}

export interface SessionListFilter {
  /** Any of these; empty: every status. */
  statuses: SessionStatus[];
  /** Created at or after (ISO). */
  createdFrom?: string;
  /** Created at or before (ISO). */
  createdUntil?: string;
}

/** One user's sessions matching `filter` as of `at`, a page in id (creation) order. */
export function pageOfUserSessions(
  db: Kysely<Database>,
  userId: string,
  filter: SessionListFilter,
  at: string,
  cursor: Cursor | undefined,
  size: number,
): Promise<Page<SessionRow>> {
  let q = db.selectFrom('user_sessions').selectAll().where('user_id', '=', userId);
  if (filter.statuses.length > 0) {
    q = q.where((eb) => eb.or(filter.statuses.map((s) => statusIs(eb, s, at))));
  }
  if (filter.createdFrom !== undefined) q = q.where('created_at', '>=', filter.createdFrom);
  if (filter.createdUntil !== undefined) q = q.where('created_at', '<=', filter.createdUntil);
  return keysetPage(q, 'id', cursor, size);
}

export function findById(db: Kysely<Database>, id: string): Promise<SessionRow | undefined> {
  return db.selectFrom('user_sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findByOidcUid(db: Kysely<Database>, uid: string): Promise<SessionRow | undefined> {
  return db.selectFrom('user_sessions').selectAll().where('oidc_session_uid', '=', uid).executeTakeFirst();
}
