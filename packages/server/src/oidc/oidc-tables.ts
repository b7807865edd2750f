// The table the OpenID provider's adapter writes (migration 0009). Payloads are oidc-provider's own
// JSON; the other columns are copies of the fields we look artifacts up by.
export interface OidcArtifactTable {
  kind: string;
  id: string;
  payload: string;
  grant_id: string | null;
  session_uid: string | null;
  uid: string | null;
  user_code: string | null;
  expires_at: string | null;
  consumed_at: string | null;
}

export interface OidcGrantSessionTable {
  grant_id: string;
  session_id: string;
  created_at: string;
}
