// Table type of the IdP simulator (migration 0013): its signing key pair, one row per environment.

export interface IdpSimulatorKeyTable {
  /** Always SIMULATOR_KEY_ID: the primary key makes a second concurrent creation fail, not duplicate. */
  id: string;
  /** PKCS#8 PEM, sealed with the SecretBox. */
  private_key: string;
  certificate_pem: string;
  created_at: string;
}
