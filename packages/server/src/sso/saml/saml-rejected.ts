// The one error the SAML engine throws for a response or request it refuses. The reason code is
// stable and safe to show or log; the underlying cause stays out of the message so no parser or
// signature detail leaks to whoever posted the response.

export type SamlRejectReason =
  | 'malformed'
  | 'too_large'
  | 'doctype_forbidden'
  | 'invalid_signature'
  | 'multiple_assertions'
  | 'missing_assertion'
  | 'wrong_issuer'
  | 'wrong_audience'
  | 'wrong_recipient'
  | 'wrong_destination'
  | 'expired'
  | 'not_yet_valid'
  | 'unknown_in_response_to'
  | 'in_response_to_mismatch'
  | 'idp_initiated_not_allowed'
  | 'replayed'
  | 'status_not_success'
  | 'decryption_failed'
  | 'assertion_not_encrypted'
  | 'invalid_configuration';

export class SamlRejected extends Error {
  override readonly name = 'SamlRejected';
  constructor(
    readonly reason: SamlRejectReason,
    options?: { cause?: unknown },
  ) {
    super(`SAML response rejected: ${reason}`, options);
  }
}
