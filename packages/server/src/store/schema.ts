// The table types Kysely checks every query against. Timestamps are ISO-8601 UTC strings of fixed
// width so they sort the same as text on SQLite and PostgreSQL; JSON columns are text for the same reason.
import type { Generated } from 'kysely';

export interface SettingTable {
  key: string;
  value: string;
}

export interface ApiClientTable {
  id: string;
  name: string;
  description: string;
  /** 'environment' clients manage the whole environment; 'organization' clients are an org's M2M clients. */
  kind: 'environment' | 'organization';
  organization_id: string | null;
  scopes: string;
  created_at: string;
  updated_at: string;
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
  display_name: string;
  external_id: string | null;
  slug: string | null;
  logo_url: string | null;
  region_code: number;
  metadata: string;
  features: string;
  session_policy: string;
  user_management: string;
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
}

export interface Database {
  settings: SettingTable;
  api_clients: ApiClientTable;
  client_secrets: ClientSecretTable;
  signing_keys: SigningKeyTable;
  organizations: OrganizationTable;
  portal_links: PortalLinkTable;
  events: EventTable;
}
