// The table types Kysely checks every query against. Timestamps are ISO-8601 UTC strings of fixed
// width so they sort the same as text on SQLite and PostgreSQL; JSON columns are text for the same reason.
import type { Generated } from 'kysely';
import type { UserSessionTable } from '../sessions/session-table.ts';
import type { ConnectionDomainTable, ConnectionTable } from '../connections/connection-tables.ts';
import type { OidcArtifactTable, OidcGrantSessionTable } from '../oidc/oidc-tables.ts';
import type { SamlAssertionSeenTable, SamlRequestTable } from '../sso/saml/saml-tables.ts';
import type { OidcLoginRequestTable } from '../sso/oidc/oidc-tables.ts';
import type { SsoResultTable } from '../sso/sso-tables.ts';
import type { UserIdentityTable } from '../sso/identity-tables.ts';
import type { IdpSimulatorKeyTable } from '../sso/simulator/simulator-tables.ts';
import type { ConnectionTestTable } from '../sso/connection-test/test-tables.ts';
import type { SamlSpKeyTable } from '../sso/saml/saml-sp-key-tables.ts';
import type { PortalSessionTable } from '../portal/portal-tables.ts';
import type {
  WebhookAttemptTable,
  WebhookDeliveryTable,
  WebhookEndpointTable,
} from '../webhooks/webhook-tables.ts';
import type {
  CredentialAttemptTable,
  PasswordResetTable,
  PasswordlessRequestTable,
  UserPasswordTable,
} from '../credentials/credential-tables.ts';

export interface SettingTable {
  key: string;
  value: string;
}

export interface ApiClientTable extends ApplicationColumns {
  id: string;
  name: string;
  description: string;
  /** 'environment' clients manage the whole environment; 'organization' clients are an org's M2M clients. */
  kind: 'environment' | 'organization';
  organization_id: string | null;
  scopes: string;
  /** JSON object of string values, added to the client's access tokens (migration 0005). */
  custom_claims: Generated<string>;
  /** JSON array of strings (migration 0005). */
  audience: Generated<string>;
  created_at: string;
  updated_at: string;
}

/**
 * What an API client carries as an OAuth application of the hosted login (migration 0007): JSON
 * arrays of URLs and grant types; booleans as 0/1. Used by environment clients (clients/application-*).
 */
export interface ApplicationColumns {
  post_login_uris: Generated<string>;
  post_logout_redirect_uris: Generated<string>;
  back_channel_logout_uris: Generated<string>;
  initiate_login_uri: string | null;
  access_token_ttl_seconds: number | null;
  grant_types: Generated<string>;
  /** 'confidential' (authenticates with a secret) or 'public' (PKCE, no secret). */
  client_type: Generated<string>;
  enforce_pkce: Generated<number>;
  /** 1: the management API refuses this client's tokens. */
  disallow_api_access: Generated<number>;
}

export interface ClientSecretTable {
  id: string;
  client_id: string;
  secret_hash: string;
  secret_suffix: string;
  created_at: string;
  expires_at: string | null;
  revoked_at: string | null;
}

export interface SigningKeyTable {
  id: string;
  algorithm: string;
  private_key: string;
  public_jwk: string;
  created_at: string;
  retired_at: string | null;
}

export interface OrganizationTable {
  id: string;
  /** The default role of new members of this organization; null: the environment default. */
  default_member_role_id: string | null;
  display_name: string;
  external_id: string | null;
  slug: string | null;
  logo_url: string | null;
  region_code: number;
  metadata: string;
  features: string;
  session_policy: string;
  user_management: string;
  /**
   * Memberships of this organization, exact: changed only by relative updates in the transaction
   * that inserts or deletes a membership (users/member-count.ts). Never write a value read earlier.
   */
  member_count: Generated<number>;
  created_at: string;
  updated_at: string;
}

export interface PortalLinkTable {
  id: string;
  organization_id: string;
  token_hash: string;
  location: string;
  features: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface EventTable {
  seq: Generated<number>;
  id: string;
  type: string;
  occurred_at: string;
  environment_id: string;
  organization_id: string | null;
  object: string;
  data: string;
  /** 0 until the webhook fan-out has created this event's deliveries. */
  fanned_out: Generated<number>;
}

export interface UserTable {
  id: string;
  email: string;
  email_normalized: string;
  email_verified: number;
  external_id: string | null;
  profile: string;
  metadata: string;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface RoleTable {
  id: string;
  /** '' for environment roles, else the organization id. */
  scope: string;
  organization_id: string | null;
  name: string;
  display_name: string;
  description: string;
  extends_role_id: string | null;
  default_creator: number;
  default_member: number;
  created_at: string;
  updated_at: string;
}

export interface PermissionTable {
  id: string;
  name: string;
  description: string;
  created_at: string;
  updated_at: string;
}

export interface RolePermissionTable {
  role_id: string;
  permission_id: string;
  created_at: string;
}

export interface MembershipTable {
  id: string;
  organization_id: string;
  user_id: string;
  status: 'active' | 'invited';
  metadata: string;
  inviter_email: string | null;
  created_at: string;
  updated_at: string;
}

export interface MembershipRoleTable {
  membership_id: string;
  role_id: string;
}

export interface InvitationTable {
  id: string;
  organization_id: string;
  user_id: string;
  membership_id: string;
  inviter_email: string | null;
  status: 'pending' | 'accepted' | 'expired' | 'revoked';
  token_hash: string;
  created_at: string;
  expires_at: string;
  resent_at: string | null;
  resent_count: number;
  accepted_at: string | null;
}

export interface DomainTable {
  id: string;
  organization_id: string;
  domain: string;
  domain_type: number;
  verification_status: number;
  verification_method: number;
  txt_record_key: string;
  txt_record_secret: string;
  verified_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface MailMessageTable {
  id: string;
  to_address: string;
  from_address: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  transport: 'smtp' | 'mailbox';
  status: 'queued' | 'sent' | 'failed' | 'stored';
  error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface Database {
  settings: SettingTable;
  api_clients: ApiClientTable;
  client_secrets: ClientSecretTable;
  signing_keys: SigningKeyTable;
  organizations: OrganizationTable;
  portal_links: PortalLinkTable;
  events: EventTable;
  users: UserTable;
  roles: RoleTable;
  permissions: PermissionTable;
  role_permissions: RolePermissionTable;
  memberships: MembershipTable;
  membership_roles: MembershipRoleTable;
  invitations: InvitationTable;
  domains: DomainTable;
  mail_messages: MailMessageTable;
  webhook_endpoints: WebhookEndpointTable;
  webhook_deliveries: WebhookDeliveryTable;
  webhook_attempts: WebhookAttemptTable;
  user_passwords: UserPasswordTable;
  password_resets: PasswordResetTable;
  passwordless_requests: PasswordlessRequestTable;
  credential_attempts: CredentialAttemptTable;
  user_sessions: UserSessionTable;
  oidc_artifacts: OidcArtifactTable;
  oidc_grant_sessions: OidcGrantSessionTable;
  connections: ConnectionTable;
  connection_domains: ConnectionDomainTable;
  saml_requests: SamlRequestTable;
  saml_assertions_seen: SamlAssertionSeenTable;
  oidc_login_requests: OidcLoginRequestTable;
  sso_results: SsoResultTable;
  idp_simulator_keys: IdpSimulatorKeyTable;
  connection_tests: ConnectionTestTable;
  user_identities: UserIdentityTable;
  saml_sp_keys: SamlSpKeyTable;
  portal_sessions: PortalSessionTable;
}
