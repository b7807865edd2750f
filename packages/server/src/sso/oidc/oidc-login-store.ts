// Logins sent to an IdP and awaiting the callback. The callback's state is looked up by its hash;
// consuming it is one conditional UPDATE that also requires the same connection and the same browser,
// so a replayed or concurrent callback cannot pass twice on any instance, and a callback carried into
// another browser does not burn the real login's state.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.ts';
import { isoAfterSeconds, isoNow } from '../../util/time.ts';

/** How long the person may take at the IdP: a sign-in with MFA. */
export const LOGIN_LIFETIME_SECONDS = 10 * 60;

export const sha256 = (value: string): string => createHash('sha256').update(value).digest('base64url');

export interface PendingOidcLogin {
  state: string;
  connectionId: string;
  browserBinding: string;
  nonce: string;
  codeVerifierSealed: string | null;
  redirectUri: string;
  relayState: string | null;
  /**
   * Set for a connection test (sso/connection-test/). A test is not bound to a browser: it signs
   * nobody in, so there is no session to plant, and the portal that starts it sets no cookie.
   */
  connectionTestId?: string | null;
}

export type ConsumedOidcLogin = Omit<PendingOidcLogin, 'state' | 'browserBinding'>;

export async function rememberOidcLogin(
  db: Kysely<Database>,
  login: PendingOidcLogin,
  lifetimeSeconds = LOGIN_LIFETIME_SECONDS,
): Promise<void> {
  await db
    .insertInto('oidc_login_requests')
    .values({
      state_hash: sha256(login.state),
      connection_id: login.connectionId,
      browser_binding_hash: sha256(login.browserBinding),
      nonce: login.nonce,
      code_verifier_sealed: login.codeVerifierSealed,
      redirect_uri: login.redirectUri,
      relay_state: login.relayState,
      connection_test_id: login.connectionTestId ?? null,
      created_at: isoNow(),
      expires_at: isoAfterSeconds(lifetimeSeconds),
      consumed_at: null,
    })
    .execute();
}

export type ConsumeOutcome =
  | { ok: true; login: ConsumedOidcLogin }
  | { ok: false; why: 'unknown_state' | 'replayed' | 'expired' | 'browser_mismatch' };

export async function consumeOidcLogin(
  db: Kysely<Database>,
  connectionId: string,
  state: string,
  browserBinding: string,
): Promise<ConsumeOutcome> {
  const now = isoNow();
  const stateHash = sha256(state);
  const result = await db
    .updateTable('oidc_login_requests')
    .set({ consumed_at: now })
    .where('state_hash', '=', stateHash)
    .where('connection_id', '=', connectionId)
    .where((eb) =>
      eb.or([
        eb('browser_binding_hash', '=', sha256(browserBinding)),
        eb('connection_test_id', 'is not', null),
      ]),
    )
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  const row = await db
    .selectFrom('oidc_login_requests')
    .selectAll()
    .where('state_hash', '=', stateHash)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 1 && row) {
    return {
      ok: true,
      login: {
        connectionId: row.connection_id,
        nonce: row.nonce,
        codeVerifierSealed: row.code_verifier_sealed,
        redirectUri: row.redirect_uri,
        relayState: row.relay_state,
        connectionTestId: row.connection_test_id,
      },
    };
  }
  // Refused; say why, for logs and tests. The order matters: a state of another connection is unknown
  // here whatever its condition.
  if (!row || row.connection_id !== connectionId) return { ok: false, why: 'unknown_state' };
  if (row.connection_test_id === null && row.browser_binding_hash !== sha256(browserBinding)) {
    return { ok: false, why: 'browser_mismatch' };
  }
  if (row.consumed_at !== null) return { ok: false, why: 'replayed' };
  return { ok: false, why: 'expired' };
}

/** Deletes logins past their expiry; they can no longer be consumed anyway. */
export async function pruneOidcLogins(db: Kysely<Database>): Promise<void> {
  await db.deleteFrom('oidc_login_requests').where('expires_at', '<=', isoNow()).execute();
}
