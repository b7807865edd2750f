// The table of SSO results waiting for their browser (migration 0012): what the IdP proved, handed
// from the ACS (a cross-site POST without the interaction cookie) to the interaction (a top-level
// GET that carries it) under a one-time token.
export interface SsoResultTable {
  /** SHA-256 of the one-time token, hex: the token itself is only ever in the browser's URL. */
  token_hash: string;
  /** The interaction this result may finish, and no other. */
  interaction_uid: string;
  connection_id: string;
  /** JSON SamlProfile (sso/saml/saml-response.ts). */
  profile: string;
  created_at: string;
  expires_at: string;
  consumed_at: string | null;
}
