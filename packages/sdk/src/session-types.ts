// Shapes of the sessions API (scalekit.v1.sessions), camelCased, as returned by SessionClient.
import type { Page, PageOptions, Timestamp } from './types.ts';

/** The contract's status strings. */
export type SessionStatus = 'active' | 'expired' | 'revoked' | 'logout' | (string & {});

export interface SessionLocation {
  region: string;
  regionSubdivision: string;
  city: string;
  latitude: string;
  longitude: string;
}

export interface DeviceDetails {
  /** The User-Agent header of the sign-in (at most 512 characters). */
  userAgent: string;
  os: string;
  osVersion: string;
  browser: string;
  browserVersion: string;
  /** desktop, mobile, tablet or other. */
  deviceType: string;
  ip: string;
  /** Absent: Gatehouse does no IP geolocation. */
  location?: SessionLocation;
}

export interface AuthenticatedClient {
  clientId: string;
  organizationId: string;
}

export interface SessionDetails {
  /** `ses_…` */
  sessionId: string;
  userId: string;
  authenticatedOrganizations: string[];
  /** The organization the session is signed in to now; '' when none. */
  organizationId: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  /** Absent when the session has no idle timeout. */
  idleExpiresAt?: Timestamp;
  absoluteExpiresAt?: Timestamp;
  /** When it was revoked or timed out; absent while active and after a logout. */
  expiredAt?: Timestamp;
  logoutAt?: Timestamp;
  status: SessionStatus;
  device?: DeviceDetails;
  lastActiveAt?: Timestamp;
  authenticatedClients: AuthenticatedClient[];
}

export type RevokedSessionDetails = Pick<
  SessionDetails,
  | 'sessionId'
  | 'userId'
  | 'createdAt'
  | 'updatedAt'
  | 'idleExpiresAt'
  | 'absoluteExpiresAt'
  | 'expiredAt'
  | 'logoutAt'
  | 'status'
  | 'lastActiveAt'
>;

export interface UserSessionFilter {
  /** Any of these statuses; empty or absent: all. */
  status?: SessionStatus[];
  /** Sessions created at or after this time. */
  startTime?: Date | Timestamp;
  /** Sessions created at or before this time. */
  endTime?: Date | Timestamp;
}

export interface GetUserSessionsOptions extends PageOptions {
  filter?: UserSessionFilter;
}

/** Oldest first. */
export interface UserSessionDetails extends Page {
  sessions: SessionDetails[];
}

export interface RevokeSessionResponse {
  revokedSession: RevokedSessionDetails;
}

export interface RevokeAllUserSessionsResponse {
  /** The sessions this call revoked (those already ended are left out). */
  revokedSessions: RevokedSessionDetails[];
  totalRevoked: number;
}
