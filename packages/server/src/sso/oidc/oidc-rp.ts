// The OIDC relying party towards an organization's IdP: authorization code flow with PKCE, the state
// bound to the browser that started it and consumed once, the nonce checked, the ID token validated by
// openid-client, userinfo fetched when the ID token lacks an email. Self-contained: the hosted login
// calls startOidcLogin, keeps browserBinding in a cookie, and hands the callback to finishOidcLogin.
import * as client from 'openid-client';
import type { Kysely } from 'kysely';
import type { ConnectionRow } from '../../connections/connection-store.ts';
import { oidcRedirectUri } from '../../connections/connection-urls.ts';
import { readOidcConfig } from '../../connections/oidc-config.ts';
import type { Database } from '../../store/schema.ts';
import type { SecretBox } from '../../store/secret-box.ts';
import { newSecret } from '../../store/ids.ts';
import { toLoginClaims, type OidcLoginClaims } from './oidc-claims.ts';
import { idpConfiguration } from './oidc-discovery.ts';
import { rejectionFor } from './oidc-error-reason.ts';
import { consumeOidcLogin, rememberOidcLogin } from './oidc-login-store.ts';
import { OidcRejected } from './oidc-rejected.ts';

export type OidcConnection = Pick<ConnectionRow, 'id' | 'oidc_config'>;

export interface OidcRelyingPartyOptions {
  box: SecretBox;
  publicUrl: string;
  /** Whether the IdP may sit at a private or loopback address: the webhooks' setting (webhookAllowPrivate). */
  allowPrivate: boolean;
  /** Deadline of each request to the IdP. */
  timeoutMs?: number;
}

export interface StartedOidcLogin {
  /** Where to send the browser: the IdP's authorization endpoint. */
  redirectUrl: string;
  /** Keep in the browser (an HttpOnly cookie) and give back to finishOidcLogin. */
  browserBinding: string;
}

export interface FinishedOidcLogin {
  claims: OidcLoginClaims;
  relayState: string | null;
  /** The connection test this login belongs to; null for a sign-in. */
  connectionTestId: string | null;
}

export class OidcRelyingParty {
  constructor(private readonly options: OidcRelyingPartyOptions) {}

  private configuration(connection: OidcConnection) {
    const stored = readOidcConfig(connection.oidc_config);
    const guard = { allowPrivate: this.options.allowPrivate, timeoutMs: this.options.timeoutMs ?? 10_000 };
    return {
      stored,
      config: idpConfiguration(connection.id, stored, (s) => this.options.box.open(s), guard),
    };
  }

  async startOidcLogin(
    db: Kysely<Database>,
    connection: OidcConnection,
    relayState: string | null,
    /** Marks the login as a connection test: its answer is recorded, nobody is signed in. */
    connectionTestId: string | null = null,
  ): Promise<StartedOidcLogin> {
    const { stored, config: pending } = this.configuration(connection);
    const config = await pending;
    const state = client.randomState();
    const nonce = client.randomNonce();
    const browserBinding = newSecret();
    const redirectUri = oidcRedirectUri(this.options.publicUrl, connection.id);
    const params: Record<string, string> = {
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: stored.scopes.join(' '),
      state,
      nonce,
    };
    let verifier: string | null = null;
    if (stored.pkce_enabled) {
      verifier = client.randomPKCECodeVerifier();
      params.code_challenge = await client.calculatePKCECodeChallenge(verifier);
      params.code_challenge_method = 'S256';
    }
    await rememberOidcLogin(db, {
      state,
      connectionId: connection.id,
      browserBinding,
      nonce,
      codeVerifierSealed: verifier === null ? null : this.options.box.seal(verifier),
      redirectUri,
      relayState,
      connectionTestId,
    });
    return { redirectUrl: client.buildAuthorizationUrl(config, params).href, browserBinding };
  }

  /**
   * Validates the IdP's callback (the full URL it redirected the browser to) and returns the person's
   * claims. Throws OidcRejected; the state is consumed before anything else, so a callback is
   * accepted at most once even when it fails later.
   */
  async finishOidcLogin(
    db: Kysely<Database>,
    connection: OidcConnection,
    callbackUrl: string,
    browserBinding: string,
  ): Promise<FinishedOidcLogin> {
    const callback = parseCallback(callbackUrl);
    const state = callback.searchParams.get('state');
    if (!state || callback.searchParams.getAll('state').length !== 1) throw new OidcRejected('unknown_state');
    const consumed = await consumeOidcLogin(db, connection.id, state, browserBinding);
    if (!consumed.ok) throw new OidcRejected(consumed.why);
    const { login } = consumed;
    const { config: pending } = this.configuration(connection);
    const config = await pending;
    // The redirect URI of the token request is the one we sent, whatever host the callback came in on.
    const current = new URL(login.redirectUri);
    current.search = callback.search;
    const tokens = await client
      .authorizationCodeGrant(config, current, {
        expectedState: state,
        expectedNonce: login.nonce,
        pkceCodeVerifier: login.codeVerifierSealed
          ? this.options.box.open(login.codeVerifierSealed)
          : undefined,
        idTokenExpected: true,
      })
      .catch((error: unknown) => {
        throw rejectionFor(error, tokenStepReason(error));
      });
    const idClaims = tokens.claims();
    if (!idClaims) throw new OidcRejected('invalid_id_token');
    let raw: Record<string, unknown> = { ...idClaims };
    if (typeof idClaims.email !== 'string' || idClaims.email === '') {
      const info = await client
        .fetchUserInfo(config, tokens.access_token, idClaims.sub)
        .catch((error: unknown) => {
          throw rejectionFor(error, 'userinfo_failed');
        });
      // The ID token's claims win: they are signed; userinfo only fills what the token lacked.
      raw = { ...info, ...raw };
    }
    return {
      claims: toLoginClaims(raw),
      relayState: login.relayState,
      connectionTestId: login.connectionTestId ?? null,
    };
  }
}

function parseCallback(callbackUrl: string): URL {
  try {
    return new URL(callbackUrl);
  } catch {
    throw new OidcRejected('invalid_callback');
  }
}

/** Errors raised by the token endpoint itself versus by validating what it returned. */
function tokenStepReason(error: unknown): 'token_exchange_failed' | 'invalid_id_token' | 'invalid_callback' {
  const code = (error as { code?: unknown }).code;
  if (code === 'OAUTH_RESPONSE_BODY_ERROR') return 'token_exchange_failed';
  if (code === 'OAUTH_INVALID_REQUEST' || code === 'OAUTH_INVALID_RESPONSE') {
    const message = String((error as Error).message);
    if (/authorization response|"code"/i.test(message)) return 'invalid_callback';
  }
  return 'invalid_id_token';
}
