// Sessions: the official SDK's `scalekit.session` methods, names and argument order, over the REST
// routes of scalekit.v1.sessions.SessionService.
import type { HttpClient } from './http.ts';
import { invalidArgument } from './errors.ts';
import { requireField, withPageDefaults } from './response.ts';
import type {
  GetUserSessionsOptions,
  RevokeAllUserSessionsResponse,
  RevokeSessionResponse,
  SessionDetails,
  UserSessionDetails,
} from './session-types.ts';
import { apiPath } from './url.ts';

const iso = (time: Date | string | undefined) => (time instanceof Date ? time.toISOString() : time);

// Every method is async, so invalid arguments reject the returned promise instead of throwing.
export class SessionClient {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  async getSession(sessionId: string): Promise<SessionDetails> {
    const session = await this.#http.request<SessionDetails>({
      method: 'GET',
      path: apiPath`/api/v1/sessions/${sessionId}`,
    });
    return { ...session, authenticatedOrganizations: session.authenticatedOrganizations ?? [] };
  }

  /** A user's sessions, oldest first, optionally only some statuses or a creation-time window. */
  async getUserSessions(userId: string, options: GetUserSessionsOptions = {}): Promise<UserSessionDetails> {
    const { pageSize, pageToken, filter } = options;
    const response = await this.#http.request<UserSessionDetails>({
      method: 'GET',
      path: apiPath`/api/v1/users/${userId}/sessions`,
      query: {
        pageSize,
        pageToken,
        'filter.status': filter?.status,
        'filter.start_time': iso(filter?.startTime),
        'filter.end_time': iso(filter?.endTime),
      },
    });
    return withPageDefaults(response, 'sessions');
  }

  /** Revokes one session; one that had already ended is returned unchanged, with its own status. */
  async revokeSession(sessionId: string): Promise<RevokeSessionResponse> {
    const response = await this.#http.request<RevokeSessionResponse>({
      method: 'POST',
      path: apiPath`/api/v1/sessions/${sessionId}/revoke`,
    });
    return { revokedSession: requireField(response, 'revokedSession', 'revokeSession') };
  }

  /** Revokes every active session of the user at once. */
  async revokeAllUserSessions(userId: string): Promise<RevokeAllUserSessionsResponse> {
    if (!userId) throw invalidArgument('userId is required');
    const response = await this.#http.request<RevokeAllUserSessionsResponse>({
      method: 'POST',
      path: apiPath`/api/v1/users/${userId}/sessions/revoke`,
    });
    return { revokedSessions: response.revokedSessions ?? [], totalRevoked: response.totalRevoked ?? 0 };
  }
}
