// Table type of the SAML service provider's keys (migration 0017): the environment's key pairs with
// which AuthnRequests are signed and encrypted assertions decrypted.

/** `active`: given to connections; `next`: published ahead of a rollover; `retired`: kept for connections still pinned to it. */
export type SamlSpKeyStatus = 'active' | 'next' | 'retired';

export interface SamlSpKeyTable {
  /** cert_…: the certificate_id of a SAML connection. */
  id: string;
  status: SamlSpKeyStatus;
  /** PKCS#8 PEM, sealed with the SecretBox. */
  private_key: string;
  certificate_pem: string;
  not_before: string;
  not_after: string;
  created_at: string;
}
