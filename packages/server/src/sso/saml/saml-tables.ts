// Table types of the SAML service provider (migration 0011): AuthnRequests awaiting their response,
// and assertion ids already consumed, kept until they expire so a replay is refused on any instance.

export interface SamlRequestTable {
  /** The AuthnRequest ID, which the response's InResponseTo must name. */
  id: string;
  connection_id: string;
  relay_state: string | null;
  /** The connection test this request belongs to (migration 0016); null for a sign-in. */
  connection_test_id: string | null;
  created_at: string;
  expires_at: string;
  consumed_at: string | null;
}

export interface SamlAssertionSeenTable {
  connection_id: string;
  assertion_id: string;
  expires_at: string;
}
