// Table type of connection tests (migration 0016): one row per test an admin starts, PENDING until the
// IdP's answer comes back to the ACS or the OIDC callback, then SUCCESS or FAILURE. Read by
// GetConnectionTestResult until it expires.

export type ConnectionTestStatus = 'PENDING' | 'SUCCESS' | 'FAILURE';

export interface ConnectionTestTable {
  /** `ctr_…` */
  id: string;
  connection_id: string;
  status: ConnectionTestStatus;
  /** JSON: who the IdP said signed in, read through the connection's attribute mapping (SUCCESS). */
  user_info: string | null;
  /** A stable reason code (`wrong_audience`, `idp_error`, `missing_email`…) (FAILURE). */
  error: string | null;
  /** The reason in a sentence an IT admin can act on (FAILURE). */
  error_description: string | null;
  /** JSON with what helps to fix it, e.g. the attributes the IdP did send (FAILURE, when any). */
  error_details: string | null;
  created_at: string;
  expires_at: string;
  completed_at: string | null;
}
