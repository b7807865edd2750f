// The bridge between oidc-provider and Gatehouse's user sessions (`ses_…`, which SessionService
// manages and access tokens carry as `sid`). Every login makes its own grant, recorded against the
// session it started, so tokens always find their own session (never a later login's in the same
// browser); the browser's provider session (its `uid`) points at the session it currently holds.
// Lookups are remembered for a second, since one token request asks several times.
import type { AppContext } from '../app-context.ts';
import { isoNow } from '../util/time.ts';

export interface LinkedSession {
  id: string;
  userId: string;
  organizationId: string | null;
}

const REMEMBER_MS = 1_000;
const LIMIT = 10_000;

export class SessionLink {
  private readonly recent = new Map<string, { session: LinkedSession | undefined; at: number }>();
  private readonly grants = new Map<string, string>();
  private readonly holders = new Map<string, { sessionId: string | undefined; at: number }>();
  // Bumped by every forget: a lookup that was already under way when a session ended must not put
  // the session back as live for another second (a refresh right after logout would still pass).
  private forgets = 0;

  constructor(private readonly ctx: AppContext) {}

  /** The live session by its own id (the `sid` of access tokens); undefined once it has ended. */
  async bySessionId(id: string): Promise<LinkedSession | undefined> {
    const hit = this.recent.get(id);
    if (hit && Date.now() - hit.at < REMEMBER_MS) return hit.session;
    const forgetsBefore = this.forgets;
    const live = await this.ctx.sessions.touch(id);
    const session = live && { id: live.id, userId: live.userId, organizationId: live.organizationId };
    if (forgetsBefore === this.forgets) this.remember(id, session);
    return session;
  }

  /** The live session a browser's provider session holds. */
  async byProviderUid(uid: string): Promise<LinkedSession | undefined> {
    let held = this.holders.get(uid);
    if (!held || Date.now() - held.at >= REMEMBER_MS) {
      held = { sessionId: (await this.ctx.sessions.findByOidcUid(uid))?.id, at: Date.now() };
      if (this.holders.size > LIMIT) this.holders.clear();
      this.holders.set(uid, held);
    }
    return held.sessionId ? this.bySessionId(held.sessionId) : undefined;
  }

  /** The live session a grant (and so every token of it) belongs to. */
  async byGrant(grantId: string): Promise<LinkedSession | undefined> {
    let sessionId = this.grants.get(grantId);
    if (!sessionId) {
      const row = await this.ctx.db
        .selectFrom('oidc_grant_sessions')
        .select('session_id')
        .where('grant_id', '=', grantId)
        .executeTakeFirst();
      if (!row) return undefined;
      sessionId = row.session_id;
      if (this.grants.size > LIMIT) this.grants.clear();
      this.grants.set(grantId, sessionId);
    }
    return this.bySessionId(sessionId);
  }

  async recordGrant(grantId: string, sessionId: string): Promise<void> {
    await this.ctx.db
      .insertInto('oidc_grant_sessions')
      .values({ grant_id: grantId, session_id: sessionId, created_at: isoNow() })
      .onConflict((oc) => oc.column('grant_id').doNothing())
      .execute();
  }

  /**
   * Points the browser's provider session at a freshly started Gatehouse session. A session the
   * browser held before (an earlier login in the same browser) is logged out and let go first.
   */
  async link(sessionId: string, uid: string): Promise<void> {
    this.holders.delete(uid);
    const holder = await this.ctx.sessions.findByOidcUid(uid);
    if (holder?.id === sessionId) return;
    if (holder) {
      await this.ctx.sessions.markLoggedOut(uid);
      await this.ctx.db
        .updateTable('user_sessions')
        .set({ oidc_session_uid: null })
        .where('id', '=', holder.id)
        .execute();
      this.forget(holder.id);
    }
    await this.ctx.sessions.linkOidcSession(sessionId, uid);
  }

  /** Notes the application in the session (SessionDetails.authenticated_clients). */
  async recordClient(sessionId: string, clientId: string): Promise<void> {
    await this.ctx.sessions.recordClient(sessionId, clientId);
  }

  forget(sessionId: string): void {
    this.forgets++;
    this.recent.delete(sessionId);
  }

  private remember(key: string, session: LinkedSession | undefined): void {
    if (this.recent.size > LIMIT) this.recent.clear();
    this.recent.set(key, { session, at: Date.now() });
  }
}
