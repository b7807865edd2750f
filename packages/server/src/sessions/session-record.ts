// A session as the rest of the platform sees it (camelCase, JSON columns parsed), and its status at
// a given moment. The status is computed, never stored: expiry happens by the clock, not by a write.
import type { Selectable } from 'kysely';
import type { UserSessionTable } from './session-table.ts';

export type SessionRow = Selectable<UserSessionTable>;

/** The contract's status strings (SessionDetails.status). */
export type SessionStatus = 'active' | 'expired' | 'revoked' | 'logout';
export const SESSION_STATUSES: readonly SessionStatus[] = ['active', 'expired', 'revoked', 'logout'];

export interface AuthenticatedClient {
  clientId: string;
  organizationId: string;
}

export interface SessionRecord {
  id: string;
  userId: string;
  organizationId: string | null;
  authenticatedOrganizations: string[];
  authenticatedClients: AuthenticatedClient[];
  oidcSessionUid: string | null;
  authMethod: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
  updatedAt: string;
  lastActiveAt: string;
  idleTimeoutSeconds: number | null;
  idleExpiresAt: string | null;
  absoluteExpiresAt: string | null;
  revokedAt: string | null;
  revokedReason: string | null;
  logoutAt: string | null;
}

function jsonArray(text: string): unknown[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

export function toRecord(row: SessionRow): SessionRecord {
  const clients = jsonArray(row.authenticated_clients) as { client_id?: string; organization_id?: string }[];
  return {
    id: row.id,
    userId: row.user_id,
    organizationId: row.organization_id,
    authenticatedOrganizations: jsonArray(row.authenticated_organizations).map(String),
    authenticatedClients: clients.map((c) => ({
      clientId: String(c.client_id ?? ''),
      organizationId: String(c.organization_id ?? ''),
    })),
    oidcSessionUid: row.oidc_session_uid,
    authMethod: row.auth_method,
    ip: row.ip,
    userAgent: row.user_agent,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    lastActiveAt: row.last_active_at,
    // PostgreSQL's integer arrives as a number; keep it one on both engines.
    idleTimeoutSeconds: row.idle_timeout_seconds === null ? null : Number(row.idle_timeout_seconds),
    idleExpiresAt: row.idle_expires_at,
    absoluteExpiresAt: row.absolute_expires_at,
    revokedAt: row.revoked_at,
    revokedReason: row.revoked_reason,
    logoutAt: row.logout_at,
  };
}

type Times = Pick<SessionRecord, 'revokedAt' | 'logoutAt' | 'idleExpiresAt' | 'absoluteExpiresAt'>;

// Stored times are fixed-width ISO strings, so comparing them as text compares the instants.
const passed = (expiry: string | null, at: string): expiry is string => expiry !== null && expiry <= at;

/** revoked and logout are final; otherwise a session is expired once either expiry has passed. */
export function sessionStatus(session: Times, now: Date): SessionStatus {
  if (session.revokedAt !== null) return 'revoked';
  if (session.logoutAt !== null) return 'logout';
  const at = now.toISOString();
  if (passed(session.absoluteExpiresAt, at) || passed(session.idleExpiresAt, at)) return 'expired';
  return 'active';
}

export function isLive(session: Times, now: Date): boolean {
  return sessionStatus(session, now) === 'active';
}

/**
 * When the session ended other than by logout (SessionDetails.expired_at): its revocation, or the
 * first of its expiries that has passed; null while it is active or after a logout.
 */
export function expiredAt(session: Times, now: Date): string | null {
  if (session.revokedAt !== null) return session.revokedAt;
  if (session.logoutAt !== null) return null;
  const at = now.toISOString();
  const ended = [session.idleExpiresAt, session.absoluteExpiresAt].filter((t) => passed(t, at));
  return ended.sort()[0] ?? null;
}
