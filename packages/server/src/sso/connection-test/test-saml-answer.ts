// A connection test's answer at the SAML ACS. The posted RelayState names the test (unsigned, so it
// only picks which test a refusal is reported on); a success needs the signed assertion to answer the
// very AuthnRequest stored for that test. The result is recorded and shown; nobody is signed in, no
// account is made, no user.login is written. This works on a disabled connection: testing comes first.
import type { AppContext } from '../../app-context.ts';
import type { ConnectionRow } from '../../connections/connection-store.ts';
import type { AnyResponse } from '../../http/respond.ts';
import { SamlRejected } from '../saml/saml-rejected.ts';
import { validateSamlResponse } from '../saml/saml-response.ts';
import { samlLoginConfig } from '../saml-login-config.ts';
import { simulatorAllows } from '../simulator/simulator-switch.ts';
import { refuseSso } from '../sso-refusal-page.ts';
import type { TestOutcome } from './test-outcome.ts';
import { samlFailureText } from './test-failure-text.ts';
import { recordTestAnswer } from './test-record.ts';
import { pendingTestId } from './test-store.ts';
import { testOutcome } from './test-user-info.ts';

/** The pending test of this connection that the posted RelayState names, if any. */
export function samlTestNamed(ctx: AppContext, connectionId: string, relayState: string | undefined) {
  return pendingTestId(ctx.db, connectionId, relayState);
}

export async function answerSamlTest(
  ctx: AppContext,
  res: AnyResponse,
  row: ConnectionRow,
  testId: string,
  samlResponse: string | undefined,
): Promise<void> {
  let outcome: TestOutcome;
  try {
    // Switched off since the test started: a simulator connection proves nothing any more.
    const config = simulatorAllows(ctx, row.provider) ? await samlLoginConfig(ctx, row) : undefined;
    if (!config) throw new SamlRejected('invalid_configuration');
    const login = await validateSamlResponse(ctx.db, config, samlResponse);
    if (login.connectionTestId !== testId) {
      // A genuine response to another request, its RelayState changed to name this test: it proves
      // nothing about this test, which stays pending.
      ctx.logger.warn({ connectionId: row.id, testId }, 'SAML test answer for another request');
      return refuseSso(ctx, res, 400, "The identity provider's answer was refused (unknown_in_response_to).");
    }
    const { profile } = login;
    outcome = testOutcome(profile, row.attribute_mapping, {
      nameId: profile.nameId,
      nameIdFormat: profile.nameIdFormat,
    });
  } catch (error) {
    if (!(error instanceof SamlRejected)) throw error;
    // A second post of an answer (concurrent with the first) says nothing about the test.
    if (error.reason === 'replayed')
      return refuseSso(ctx, res, 400, "The identity provider's answer was refused (replayed).");
    outcome = { status: 'FAILURE', error: error.reason, description: samlFailureText(error.reason) };
  }
  return recordTestAnswer(ctx, res, row.id, testId, outcome);
}
