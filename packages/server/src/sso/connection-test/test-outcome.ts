// What a connection test ends with, as recorded (test-store.ts), reported by GetConnectionTestResult
// (user_info and error_details are these objects as JSON) and shown on the result page.

export interface TestUserInfo {
  email: string;
  given_name: string | null;
  family_name: string | null;
  groups: string[];
  /** SAML */
  name_id?: string;
  name_id_format?: string | null;
  /** OIDC */
  sub?: string;
  issuer: string;
  /** Every attribute (SAML) or claim (OIDC) the IdP sent about the person, by name. */
  attributes: Record<string, string[]>;
}

export type TestOutcome =
  | { status: 'SUCCESS'; userInfo: TestUserInfo }
  | {
      status: 'FAILURE';
      /** The engine's stable reason code (`wrong_audience`, `idp_error`, `missing_email`…). */
      error: string;
      description: string;
      details?: { attributes?: Record<string, string[]> } & Record<string, unknown>;
    };
