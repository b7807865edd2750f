// The table type of user sessions (migration 0008), kept beside the code that owns it.
// Times are ISO-8601 UTC strings of fixed width, so comparing them as text compares the instants.

export interface UserSessionTable {
  /** ses_… */
  id: string;
  user_id: string;
  /** The organization the person is signed in to now; null before one is chosen. */
  organization_id: string | null;
  /** JSON array of every organization id this session has been signed in to, oldest first. */
  authenticated_organizations: string;
  /** JSON array of {client_id, organization_id}: the applications that received tokens in it. */
  authenticated_clients: string;
  /** The OIDC provider's session uid, the link between its session and this one. */
  oidc_session_uid: string | null;
  /** How the person proved who they are: password, otp, magic_link, sso, passkey… */
  auth_method: string;
  ip: string | null;
  /** The User-Agent header, cut to 512 characters. */
  user_agent: string | null;
  created_at: string;
  updated_at: string;
  last_active_at: string;
  /** The idle timeout the session was given by its policy; null: none. touch() extends by it. */
  idle_timeout_seconds: number | null;
  /** null: this session has no idle timeout. */
  idle_expires_at: string | null;
  /** null: this session has no absolute lifetime. */
  absolute_expires_at: string | null;
  revoked_at: string | null;
  revoked_reason: string | null;
  logout_at: string | null;
  /** The SSO connection the person signed in through (migration 0015); null for other logins. */
  connection_id: string | null;
}
