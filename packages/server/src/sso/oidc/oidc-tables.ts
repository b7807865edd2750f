// Table type of the OIDC relying party (migration 0014): logins sent to an enterprise IdP and still
// awaiting its callback. Only hashes of the state and of the browser binding are stored, so a copy
// of the table cannot be used to finish someone else's login.

export interface OidcLoginRequestTable {
  /** SHA-256 (base64url) of the `state` sent to the IdP; the callback's state must hash to it. */
  state_hash: string;
  connection_id: string;
  /** SHA-256 (base64url) of the value the caller keeps in the browser (a cookie) that started the login. */
  browser_binding_hash: string;
  /** The nonce the ID token must carry. */
  nonce: string;
  /** SecretBox.seal of the PKCE code verifier; null when the connection has PKCE switched off. */
  code_verifier_sealed: string | null;
  /** The redirect URI sent in the authorization request; the token request must repeat it. */
  redirect_uri: string;
  relay_state: string | null;
  /** The connection test this login belongs to (migration 0016); null for a sign-in. */
  connection_test_id: string | null;
  created_at: string;
  expires_at: string;
  consumed_at: string | null;
}
