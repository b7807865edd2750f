// The table of IdP identities (migration 0015): who a user is at each SSO connection they signed in
// through. Kept beside the code that owns it (sso/user-identities.ts).
export interface UserIdentityTable {
  user_id: string;
  connection_id: string;
  /** The connection's organization when the identity was last used. */
  organization_id: string;
  /** The IdP's subject: the SAML NameID, or the OIDC `sub`. */
  subject: string;
  /** JSON object: attribute name → values, as the IdP sent them, capped (see user-identities.ts). */
  raw_attributes: string;
  /** 1: some attributes did not fit under the cap and were left out. */
  raw_attributes_truncated: number;
  first_login_at: string;
  last_login_at: string;
}
