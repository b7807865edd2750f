// A connection test's answer at the OIDC callback. The test is found from the callback's state (a
// secret only the IdP's redirect carries), through the stored login it belongs to; the relying party
// then checks everything as for a sign-in, without the browser binding (the portal that starts a test
// sets no cookie, and a test signs nobody in). The result is recorded and shown; no session, no
// account, no user.login. This works on a disabled connection: testing comes first.
import type { AppContext } from '../../app-context.ts';
import type { ConnectionRow } from '../../connections/connection-store.ts';
import type { AnyResponse } from '../../http/respond.ts';
import { sha256 } from '../oidc/oidc-login-store.ts';
import { OidcRejected } from '../oidc/oidc-rejected.ts';
import { oidcConnectionUsable, profileFromOidcClaims } from '../oidc-connection.ts';
import { refuseSso } from '../sso-refusal-page.ts';
import type { TestOutcome } from './test-outcome.ts';
import { oidcFailureText } from './test-failure-text.ts';
import { recordTestAnswer } from './test-record.ts';
import { pendingTestId } from './test-store.ts';
import { testOutcome } from './test-user-info.ts';

/** The pending test of this connection whose login the callback's state belongs to, if any. */
export async function oidcTestNamed(
  ctx: AppContext,
  connectionId: string,
  search: string,
): Promise<string | undefined> {
  const states = new URLSearchParams(search).getAll('state');
  if (states.length !== 1 || !states[0]) return undefined;
  const login = await ctx.db
    .selectFrom('oidc_login_requests')
    .select('connection_test_id')
    .where('state_hash', '=', sha256(states[0]))
    .where('connection_id', '=', connectionId)
    .executeTakeFirst();
  return pendingTestId(ctx.db, connectionId, login?.connection_test_id);
}

export async function answerOidcTest(
  ctx: AppContext,
  res: AnyResponse,
  row: ConnectionRow,
  testId: string,
  callbackUrl: string,
): Promise<void> {
  let outcome: TestOutcome;
  try {
    if (!oidcConnectionUsable(row)) throw new OidcRejected('invalid_configuration');
    // The binding is not consulted for a test's login (oidc-login-store.ts).
    const login = await ctx.oidcRp.finishOidcLogin(ctx.db, row, callbackUrl, '');
    if (login.connectionTestId !== testId) {
      return refuseSso(ctx, res, 400, "The identity provider's answer was refused (unknown_state).");
    }
    const profile = profileFromOidcClaims(login.claims);
    outcome = testOutcome(profile, row.attribute_mapping, { sub: login.claims.sub });
  } catch (error) {
    if (!(error instanceof OidcRejected)) throw error;
    // A second callback (concurrent with the first) says nothing about the test.
    if (error.reason === 'replayed')
      return refuseSso(ctx, res, 400, "The identity provider's answer was refused (replayed).");
    const code = /^[a-z_]{1,64}$/.test(error.idpError ?? '') ? error.idpError : undefined;
    outcome = {
      status: 'FAILURE',
      error: error.reason,
      description: oidcFailureText(error.reason) + (code ? ` (${code})` : ''),
      ...(code ? { details: { idp_error: code } } : {}),
    };
  }
  return recordTestAnswer(ctx, res, row.id, testId, outcome);
}
