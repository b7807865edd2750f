// What the SAML service provider needs to know about one connection. The connection model (owned
// elsewhere) maps its stored configuration onto this type; the SP engine depends on nothing else.

export interface SamlKeyPair {
  privateKeyPem: string;
  certificatePem: string;
}

export interface SamlConnectionConfig {
  connectionId: string;
  /** Our entity id: the Audience the IdP must address its assertions to. */
  spEntityId: string;
  /** Our Assertion Consumer Service URL: Recipient and Destination must name it. */
  acsUrl: string;
  /** The IdP's entity id: the Issuer of every response and assertion. */
  idpEntityId: string;
  /** Where AuthnRequests are sent. */
  idpSsoUrl: string;
  /**
   * Set when the IdP wants AuthnRequests over the HTTP-POST binding: the browser is sent to
   * `${postRequestPage}/${requestId}`, our page that posts the request to idpSsoUrl
   * (saml-post-request-page.ts). Unset: the HTTP-Redirect binding.
   */
  postRequestPage?: string;
  /** PEM certificates pinned for the IdP's signatures; two at once during a rollover. */
  idpCertificates: string[];
  nameIdFormat: string;
  /** Always true: an assertion is consumed only when its own signature covers it. */
  wantAssertionsSigned: true;
  /** Also require the Response element itself to be signed. */
  wantResponseSigned?: boolean;
  /** Sign AuthnRequests: the redirect binding's query signature, or the POST binding's XML signature. */
  signRequests?: SamlKeyPair;
  /** Decrypt EncryptedAssertion elements with this key. */
  decryption?: SamlKeyPair;
  /** Accept responses that answer no AuthnRequest of ours. */
  allowIdpInitiated: boolean;
  /** Tolerated clock difference with the IdP; default 60, at most 300. */
  clockSkewSeconds?: number;
}

export const DEFAULT_CLOCK_SKEW_SECONDS = 60;
export const MAX_CLOCK_SKEW_SECONDS = 300;

/** The skew in force: the default when unset, clamped to [0, 300] so a typo cannot disable time checks. */
export function clockSkewSeconds(config: SamlConnectionConfig): number {
  const value = config.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
  if (!Number.isFinite(value) || value < 0) return 0;
  return Math.min(Math.floor(value), MAX_CLOCK_SKEW_SECONDS);
}
