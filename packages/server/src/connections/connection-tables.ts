// The tables of enterprise SSO connections (migration 0010). Enum-valued columns hold the contract's
// enum names (OKTA, SAML, COMPLETED…) so rows read the same in SQL as over REST; JSON columns are text.
export interface ConnectionTable {
  id: string;
  /** null: an environment-level connection, usable by every organization. */
  organization_id: string | null;
  provider: string;
  type: string;
  status: string;
  enabled: number;
  debug_enabled: number;
  ui_button_title: string;
  configuration_type: string;
  key_id: string | null;
  provider_key: string;
  /** JSON StoredSamlConfig (connections/saml-config.ts); '{}' for OIDC connections. */
  saml_config: string;
  /** JSON StoredOidcConfig (connections/oidc-config.ts), the client secret sealed; '{}' for SAML. */
  oidc_config: string;
  /** JSON object: our claim name → the IdP attribute that carries it. */
  attribute_mapping: string;
  /** JSON object of switches that are not IdP configuration (reserved; '{}' today). */
  settings: string;
  created_at: string;
  updated_at: string;
}

export interface ConnectionDomainTable {
  connection_id: string;
  /** A domain of the connection's organization (domains.id); one connection per domain. */
  domain_id: string;
}
