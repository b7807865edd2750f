// The sentence a failed connection test shows for each refusal reason of the SAML and OIDC engines:
// what the IdP sent wrong, in words an IT admin can act on. The reason code itself is the test's
// `error`; this is its `error_description`.
import type { OidcRejectReason } from '../oidc/oidc-rejected.ts';
import type { SamlRejectReason } from '../saml/saml-rejected.ts';

// Partial: a reason added to an engine later still gets a sentence (the generic one) until it has its own.
const SAML: Partial<Record<SamlRejectReason, string>> = {
  malformed: 'The SAML response could not be read (not base64 or not SAML 2.0 XML).',
  too_large: 'The SAML response is larger than 256 KB.',
  doctype_forbidden: 'The SAML response contains a DOCTYPE or entity declaration, which is never accepted.',
  invalid_signature:
    "The assertion is not signed, or its signature does not verify with the connection's IdP certificate.",
  multiple_assertions: 'The SAML response carries more than one assertion.',
  missing_assertion: 'The SAML response carries no assertion.',
  wrong_issuer: "The response's Issuer is not the connection's IdP entity id.",
  wrong_audience: "The assertion's Audience is not this connection's SP entity id.",
  wrong_recipient: "The assertion's Recipient is not this connection's ACS URL.",
  wrong_destination: "The response's Destination is not this connection's ACS URL.",
  expired: "The assertion has expired: check the IdP's clock and the assertion lifetime.",
  not_yet_valid: "The assertion is not valid yet: check the IdP's clock.",
  unknown_in_response_to:
    'The response answers no request of this test (unknown, expired or already answered).',
  in_response_to_mismatch: "The response's InResponseTo disagrees with the assertion's.",
  idp_initiated_not_allowed:
    'The response answers no request: IdP-initiated responses cannot complete a test.',
  replayed: 'This assertion was already used.',
  status_not_success: 'The identity provider answered with an error status instead of an assertion.',
  decryption_failed: 'The encrypted assertion could not be decrypted.',
  assertion_not_encrypted: 'The connection requires encrypted assertions and this one was not encrypted.',
  invalid_configuration: "The connection's SAML settings are not usable.",
};

const OIDC: Partial<Record<OidcRejectReason, string>> = {
  invalid_configuration: "The connection's OIDC settings are not usable (issuer, client id or secret).",
  blocked_address:
    'The identity provider is at a private or loopback address, which this environment does not allow.',
  idp_unreachable: 'The identity provider could not be reached, or its discovery document is unusable.',
  wrong_issuer: "The identity provider names another issuer than the connection's.",
  unknown_state: 'The callback belongs to no login of this test.',
  replayed: 'This callback was already used.',
  expired: 'The test took too long at the identity provider; start it again.',
  browser_mismatch: 'The callback arrived in another browser.',
  idp_error: 'The identity provider answered with an error instead of signing the person in.',
  invalid_callback: "The identity provider's callback is malformed (no code).",
  token_exchange_failed:
    "The identity provider's token endpoint refused the code: check the client id, the client secret and the token authentication method.",
  invalid_id_token: 'The ID token is missing, badly signed, expired, or issued to another client.',
  wrong_nonce: "The ID token's nonce is not this test's.",
  userinfo_failed: "The identity provider's userinfo endpoint failed or answered for another subject.",
};

export const samlFailureText = (reason: SamlRejectReason): string =>
  SAML[reason] ?? `The identity provider's SAML response was refused (${reason}).`;
export const oidcFailureText = (reason: OidcRejectReason): string =>
  OIDC[reason] ?? `The identity provider's answer was refused (${reason}).`;
