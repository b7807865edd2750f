// The one error the OIDC relying party throws. The reason is stable and safe to show or log; the
// cause (an openid-client error, a network error) is kept for logs but left out of the message, so
// nothing about the IdP's answer leaks to whoever sent the callback.

export type OidcRejectReason =
  /** The connection lacks an issuer, a client id or a secret, or its issuer is not https. */
  | 'invalid_configuration'
  /** The IdP's address is private, loopback or link-local and the environment does not allow it. */
  | 'blocked_address'
  /** The IdP could not be reached, timed out, or its discovery document was unusable. */
  | 'idp_unreachable'
  /** The discovery document, the ID token or the callback's `iss` names another issuer. */
  | 'wrong_issuer'
  /** The callback carries no state, or one we never issued, or one issued for another connection. */
  | 'unknown_state'
  /** The state was already used: a replayed callback. */
  | 'replayed'
  /** The state expired before the callback arrived. */
  | 'expired'
  /** The callback arrived in a browser other than the one that started the login. */
  | 'browser_mismatch'
  /** The IdP answered with an error (access_denied, login_required…); see `idpError`. */
  | 'idp_error'
  /** The callback is malformed: no code, or parameters that do not belong. */
  | 'invalid_callback'
  /** The token endpoint refused the code (wrong PKCE verifier, code used, client refused). */
  | 'token_exchange_failed'
  /** The ID token is missing, badly signed, expired, or not for this client. */
  | 'invalid_id_token'
  /** The ID token's nonce is not the one this login sent. */
  | 'wrong_nonce'
  /** The userinfo endpoint failed or answered for another subject. */
  | 'userinfo_failed';

export class OidcRejected extends Error {
  override readonly name = 'OidcRejected';
  constructor(
    readonly reason: OidcRejectReason,
    options?: { cause?: unknown; idpError?: string },
  ) {
    super(`OIDC login rejected: ${reason}`, { cause: options?.cause });
    this.idpError = options?.idpError;
  }
  /** The IdP's `error` code when reason is idp_error (a registered OAuth code, not free text). */
  readonly idpError: string | undefined;
}
