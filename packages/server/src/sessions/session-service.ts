// SessionService: read a user's sessions (one, or a filtered page of all) and revoke them, one or
// all at once. Sessions themselves are started by the hosted login through UserSessions.
import type { SessionService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/sessions/sessions_pb.js';
import type { AppContext } from '../app-context.ts';
import { invalidArgument, notFound } from '../contract/api-error.ts';
import type { ServiceHandlers } from '../contract/service-registry.ts';
import { requireUser } from '../users/user-lookup.ts';
import { pageTokens } from '../util/keyset-page.ts';
import { decodeCursor, pageSize } from '../util/page-token.ts';
import { sessionListFilter } from './session-filter.ts';
import { toRevokedSessionDetails, toSessionDetails } from './session-mapper.ts';
import { pageOfUserSessions } from './session-queries.ts';
import { toRecord, type SessionRecord } from './session-record.ts';

type Handlers = ServiceHandlers<typeof SessionService>;

// Recorded as the reason of revocations made through the management API.
const API_REVOKE_REASON = 'revoked through the API';

function sessionIdOf(value: string): string {
  const id = value.trim();
  if (!id) throw invalidArgument('session_id is required');
  return id;
}

export function sessionHandlers(ctx: AppContext): Handlers {
  const requireSession = async (value: string): Promise<SessionRecord> => {
    const id = sessionIdOf(value);
    const session = await ctx.sessions.get(id);
    if (!session) throw notFound(`session ${id} not found`);
    return session;
  };

  return {
    async getSession(req) {
      return toSessionDetails(await requireSession(req.sessionId), new Date());
    },

    async getUserSessions(req) {
      const user = await requireUser(ctx.db, req.userId);
      const filter = sessionListFilter(req.filter);
      const now = new Date();
      const cursor = decodeCursor(req.pageToken);
      const page = await pageOfUserSessions(
        ctx.db,
        user.id,
        filter,
        now.toISOString(),
        cursor,
        pageSize(req.pageSize),
      );
      return {
        sessions: page.rows.map((row) => toSessionDetails(toRecord(row), now)),
        totalSize: page.total,
        ...pageTokens(page, (row) => row.id),
      };
    },

    // Idempotent: a session that has already ended (revoked, logged out or expired) is returned as
    // it stands, with its own status, and nothing is written.
    async revokeSession(req) {
      const session = await requireSession(req.sessionId);
      const now = new Date();
      const after = (await ctx.sessions.revoke(session.id, API_REVOKE_REASON, now)) ?? session;
      return { revokedSession: toRevokedSessionDetails(after, now) };
    },

    async revokeAllUserSessions(req) {
      const user = await requireUser(ctx.db, req.userId);
      const now = new Date();
      const revoked = await ctx.sessions.revokeAllForUser(user.id, API_REVOKE_REASON, now);
      return {
        revokedSessions: revoked.map((s) => toRevokedSessionDetails(s, now)),
        totalRevoked: revoked.length,
      };
    },
  };
}
