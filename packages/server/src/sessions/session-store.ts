// User sessions: started by the hosted login when a person signs in, kept alive by activity,
// ended by expiry (idle or absolute, from the organization's session policy), revocation or logout.
// Every state change writes its event in the same transaction; revocations then tell the OIDC layer
// (onRevoked) so it can drop the grants and tokens it issued in those sessions.
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { alreadyExists, invalidArgument, notFound } from '../contract/api-error.ts';
import { isUniqueViolation, type Engine } from '../store/database.ts';
import { newId } from '../store/ids.ts';
import type { Database } from '../store/schema.ts';
import { logOutLive, revokeLive, type RevocationScope } from './session-endings.ts';
import { checkedStart, type StartSessionInput } from './session-input.ts';
import { sessionEvent } from './session-events.ts';
import {
  applicationTimeouts,
  sessionExpiries,
  timeoutsFromPolicy,
  touchWriteAfterMs,
} from './session-policy.ts';
import type { SessionTimeouts } from './session-policy.ts';
import * as queries from './session-queries.ts';
import { isLive, toRecord, type SessionRecord, type SessionRow } from './session-record.ts';

export type { StartSessionInput };

/** The user a session is started for does not exist (or was deleted meanwhile). */
function isForeignKeyViolation(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** Told the provider session uids (and the records) of sessions just revoked. */
export type RevocationHook = (oidcSessionUids: string[], sessions: SessionRecord[]) => Promise<void>;

export interface UserSessionsOptions {
  environmentId: string;
  engine: Engine;
  logger?: Logger;
  onRevoked?: RevocationHook;
  /** The most often one session's activity is written, in seconds (default 60). */
  touchIntervalSeconds?: number;
}

export class UserSessions {
  readonly #db: Kysely<Database>;
  readonly #opts: UserSessionsOptions;
  #onRevoked: RevocationHook | undefined;

  constructor(db: Kysely<Database>, opts: UserSessionsOptions) {
    this.#db = db;
    this.#opts = opts;
    this.#onRevoked = opts.onRevoked;
  }

  /** For the OIDC layer, which is built after the context that holds this store. */
  setRevocationHook(hook: RevocationHook | undefined): void {
    this.#onRevoked = hook;
  }

  /** `within`: more writes that belong to this start (the login's events), in its transaction. */
  async start(
    input: StartSessionInput,
    now: Date = new Date(),
    within?: (trx: Kysely<Database>, session: SessionRecord) => Promise<void>,
  ): Promise<SessionRecord> {
    const start = checkedStart(input);
    const timeouts = await this.#timeoutsFor(start.organizationId);
    const at = now.toISOString();
    const expiries = sessionExpiries(timeouts, now.getTime(), now.getTime());
    const row: SessionRow = {
      id: newId('ses'),
      user_id: start.userId,
      organization_id: start.organizationId,
      authenticated_organizations: JSON.stringify(start.organizationId ? [start.organizationId] : []),
      authenticated_clients: '[]',
      oidc_session_uid: start.oidcSessionUid,
      auth_method: start.authMethod,
      ip: start.ip,
      user_agent: start.userAgent,
      created_at: at,
      updated_at: at,
      last_active_at: at,
      idle_timeout_seconds: timeouts.idleSeconds,
      idle_expires_at: expiries.idleExpiresAt,
      absolute_expires_at: expiries.absoluteExpiresAt,
      revoked_at: null,
      revoked_reason: null,
      logout_at: null,
      // Set by the SSO login in `within` (sso/user-identities.ts linkSessionConnection).
      connection_id: null,
    };
    const record = toRecord(row);
    await this.#db
      .transaction()
      .execute(async (trx) => {
        await trx.insertInto('user_sessions').values(row).execute();
        await sessionEvent(trx, this.#opts.environmentId, 'session.created', record, now);
        await within?.(trx, record);
      })
      .catch((error: unknown) => {
        if (isUniqueViolation(error))
          throw alreadyExists('this OIDC session already has a Gatehouse session');
        if (isForeignKeyViolation(error)) throw notFound(`user ${start.userId} not found`);
        throw error;
      });
    return record;
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    const row = await queries.findById(this.#db, id);
    return row && toRecord(row);
  }

  async findByOidcUid(uid: string): Promise<SessionRecord | undefined> {
    const row = await queries.findByOidcUid(this.#db, uid);
    return row && toRecord(row);
  }

  /**
   * Ties a session started before the OIDC provider had its own session to that session's uid.
   * A uid already tied to another session is refused (ALREADY_EXISTS).
   */
  async linkOidcSession(id: string, oidcSessionUid: string): Promise<void> {
    if (oidcSessionUid.length === 0 || oidcSessionUid.length > 255) {
      throw invalidArgument('oidc_session_uid must be 1-255 characters');
    }
    const result = await this.#db
      .updateTable('user_sessions')
      .set({ oidc_session_uid: oidcSessionUid })
      .where('id', '=', id)
      .executeTakeFirst()
      .catch((error: unknown) => {
        if (isUniqueViolation(error))
          throw alreadyExists('this OIDC session already has a Gatehouse session');
        throw error;
      });
    if (Number(result.numUpdatedRows) === 0) throw notFound(`session ${id} not found`);
  }

  isLive(session: SessionRecord, now: Date = new Date()): boolean {
    return isLive(session, now);
  }

  /**
   * The session if it is live at `now`, else undefined (unknown, revoked, logged out or expired).
   * Records the activity and pushes the idle expiry forward, writing at most once per interval
   * (and per half idle timeout) per session so that a busy session costs one read per request.
   */
  async touch(id: string, now: Date = new Date()): Promise<SessionRecord | undefined> {
    const current = await this.get(id);
    if (!current || !isLive(current, now)) return undefined;
    const interval = (this.#opts.touchIntervalSeconds ?? 60) * 1000;
    const elapsed = now.getTime() - Date.parse(current.lastActiveAt);
    if (elapsed < touchWriteAfterMs(current.idleTimeoutSeconds, interval)) return current;
    const at = now.toISOString();
    const idle = current.idleTimeoutSeconds;
    const absolute = current.absoluteExpiresAt;
    let idleExpiresAt: string | null = null;
    if (idle !== null) {
      const candidate = new Date(now.getTime() + idle * 1000).toISOString();
      idleExpiresAt = absolute !== null && absolute < candidate ? absolute : candidate;
    }
    // Conditional on liveness and on the activity read above: a concurrent revoke or touch wins,
    // and an idle-expired session can never be revived by a request that raced its expiry.
    const updated = await this.#db
      .updateTable('user_sessions')
      .set({ last_active_at: at, idle_expires_at: idleExpiresAt })
      .where('id', '=', id)
      .where('last_active_at', '=', current.lastActiveAt)
      .where(queries.liveAt(at))
      .returningAll()
      .executeTakeFirst();
    if (updated) return toRecord(updated);
    const latest = await this.get(id);
    return latest && isLive(latest, now) ? latest : undefined;
  }

  /**
   * Moves a live session to another organization (an organization switch) and re-applies that
   * organization's policy: the absolute expiry counts from the session's creation, the idle one
   * from now. Undefined when the session is not live, or is no longer live under the new policy.
   */
  async setOrganization(
    id: string,
    organizationId: string,
    now: Date = new Date(),
  ): Promise<SessionRecord | undefined> {
    const timeouts = await this.#timeoutsFor(organizationId);
    const updated = await this.#change(id, now, (current) => {
      const expiries = sessionExpiries(timeouts, Date.parse(current.createdAt), now.getTime());
      const orgs = current.authenticatedOrganizations.filter((o) => o !== organizationId);
      return {
        organization_id: organizationId,
        authenticated_organizations: JSON.stringify([...orgs, organizationId]),
        idle_timeout_seconds: timeouts.idleSeconds,
        idle_expires_at: expiries.idleExpiresAt,
        absolute_expires_at: expiries.absoluteExpiresAt,
        last_active_at: now.toISOString(),
      };
    });
    return updated && isLive(updated, now) ? updated : undefined;
  }

  /** Notes that `clientId` received tokens in this live session (SessionDetails.authenticated_clients). */
  async recordClient(
    id: string,
    clientId: string,
    now: Date = new Date(),
  ): Promise<SessionRecord | undefined> {
    return this.#change(id, now, (current) => {
      const organizationId = current.organizationId ?? '';
      const known = current.authenticatedClients.some(
        (c) => c.clientId === clientId && c.organizationId === organizationId,
      );
      if (known) return undefined;
      const clients = [...current.authenticatedClients, { clientId, organizationId }];
      return {
        authenticated_clients: JSON.stringify(
          clients.map((c) => ({ client_id: c.clientId, organization_id: c.organizationId })),
        ),
      };
    });
  }

  /** Revokes one live session; the session as it now stands (unchanged if it had already ended). */
  async revoke(id: string, reason: string, now: Date = new Date()): Promise<SessionRecord | undefined> {
    const [revoked] = await this.#revokeWhere(now, reason, { column: 'id', value: id });
    return revoked ?? (await this.get(id));
  }

  /** Revokes every live session of a user, atomically; the sessions it revoked, oldest first. */
  revokeAllForUser(userId: string, reason: string, now: Date = new Date()): Promise<SessionRecord[]> {
    return this.#revokeWhere(now, reason, { column: 'user_id', value: userId });
  }

  /** Records a logout from the OIDC provider's session; undefined when no live session matches. */
  async markLoggedOut(oidcSessionUid: string, now: Date = new Date()): Promise<SessionRecord | undefined> {
    return logOutLive(this.#db, this.#opts.environmentId, oidcSessionUid, now);
  }

  async #timeoutsFor(organizationId: string | null): Promise<SessionTimeouts> {
    if (organizationId === null) return applicationTimeouts();
    const org = await this.#db
      .selectFrom('organizations')
      .select('session_policy')
      .where('id', '=', organizationId)
      .executeTakeFirst();
    if (!org) throw notFound(`organization ${organizationId} not found`);
    return timeoutsFromPolicy(org.session_policy);
  }

  /** Applies `columns(current)` to a live session under a row lock and records session.updated. */
  #change(
    id: string,
    now: Date,
    columns: (current: SessionRecord) => Partial<SessionRow> | undefined,
  ): Promise<SessionRecord | undefined> {
    return this.#db.transaction().execute(async (trx) => {
      let q = trx.selectFrom('user_sessions').selectAll().where('id', '=', id);
      if (this.#opts.engine === 'postgres') q = q.forUpdate();
      const row = await q.executeTakeFirst();
      const current = row && toRecord(row);
      if (!current || !isLive(current, now)) return undefined;
      const change = columns(current);
      if (!change) return current;
      const updated = await trx
        .updateTable('user_sessions')
        .set({ ...change, updated_at: now.toISOString() })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const record = toRecord(updated);
      await sessionEvent(trx, this.#opts.environmentId, 'session.updated', record, now);
      return record;
    });
  }

  async #revokeWhere(now: Date, reason: string, scope: RevocationScope): Promise<SessionRecord[]> {
    const revoked = await revokeLive(this.#db, this.#opts.environmentId, scope, reason, now);
    await this.#notifyRevoked(revoked);
    return revoked;
  }

  // The revocation is committed whatever the hook does: a failing hook is logged, not thrown, and
  // the OIDC layer still refuses the session's tokens because touch() no longer returns it.
  async #notifyRevoked(revoked: SessionRecord[]): Promise<void> {
    const hook = this.#onRevoked;
    if (!hook || revoked.length === 0) return;
    const uids = revoked.flatMap((s) => (s.oidcSessionUid === null ? [] : [s.oidcSessionUid]));
    try {
      await hook(uids, revoked);
    } catch (error) {
      this.#opts.logger?.error(
        { err: error, sessions: revoked.map((s) => s.id) },
        'session revocation hook failed',
      );
    }
  }
}
