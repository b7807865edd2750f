// The admin portal's table (migration 0018): one row per portal session, started by consuming a
// portal link. Only the SHA-256 of the cookie's token is stored, so a database read does not hand
// out live sessions. Times are ISO-8601 UTC strings, compared as text on both engines.
export interface PortalSessionTable {
  /** SHA-256 (hex) of the random token in the browser's cookie. */
  token_hash: string;
  organization_id: string;
  /** The portal link this session was opened with (portal_links.id). */
  link_id: string;
  /** JSON array of the link's feature names ("sso", "dir_sync"). */
  features: string;
  created_at: string;
  /** Pushed forward on every request, never past expires_at. */
  idle_expires_at: string;
  /** created_at + the absolute lifetime; nothing extends it. */
  expires_at: string;
}
