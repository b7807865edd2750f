// The Assertion Consumer Service: POST /sso/saml/:connectionId/acs, a form the IdP's page posts
// across sites (SAMLResponse, RelayState). The response is validated against the connection named in
// the path; the interaction it belongs to is the one stored with the AuthnRequest it answers (the
// posted RelayState is not trusted). The result is then handed to that interaction (sso-handoff.ts),
// or, for an IdP-initiated login, to the application (idp-initiated-login.ts).
import { findConnectionById } from '../connections/connection-store.ts';
import type { AppContext } from '../app-context.ts';
import { FormBodyError, readFormBody } from '../hosted/form-body.ts';
import type { AnyRequest, AnyResponse } from '../http/respond.ts';
import { refuseSso } from './sso-refusal-page.ts';
import { MAX_RESPONSE_BYTES } from './saml/saml-input.ts';
import { SamlRejected } from './saml/saml-rejected.ts';
import { validateSamlResponse } from './saml/saml-response.ts';
import { samlLoginConfig } from './saml-login-config.ts';
import { usableForLogin } from './sso-routing.ts';
import { storeSsoResult } from './sso-handoff.ts';
import { handOffIdpInitiated } from './idp-initiated-login.ts';
import { answerSamlTest, samlTestNamed } from './connection-test/test-saml-answer.ts';

const ACS_PATH = /^\/sso\/saml\/(conn_[0-9a-z]{26})\/acs$/;
// Base64 of the largest response accepted, with room for the other field and line breaks.
const MAX_ACS_FORM_BYTES = Math.ceil((MAX_RESPONSE_BYTES * 4) / 3) * 2;

export function isSamlAcsPath(method: string | undefined, path: string): boolean {
  return method === 'POST' && ACS_PATH.test(path);
}

export async function serveSamlAcs(ctx: AppContext, req: AnyRequest, res: AnyResponse, path: string) {
  const connectionId = ACS_PATH.exec(path)?.[1] ?? '';
  const row = await findConnectionById(ctx.db, connectionId);
  let fields: Record<string, string>;
  try {
    fields = await readFormBody(req, MAX_ACS_FORM_BYTES);
  } catch (error) {
    if (!(error instanceof FormBodyError)) throw error;
    return refuseSso(ctx, res, error.status, error.message);
  }
  // A connection test's answer is recorded, never signed in, and may come to a disabled connection.
  const testId = row ? await samlTestNamed(ctx, row.id, fields.RelayState) : undefined;
  if (row && testId) return answerSamlTest(ctx, res, row, testId, fields.SAMLResponse);
  const config = row && (await usableForLogin(ctx, row)) ? await samlLoginConfig(ctx, row) : undefined;
  if (!config) return refuseSso(ctx, res, 404, 'This single sign-on connection is not available.');
  try {
    const login = await validateSamlResponse(ctx.db, config, fields.SAMLResponse);
    // Unsolicited (allowed by the connection, or the engine refused it): handed to the application.
    if (login.profile.inResponseTo === null) {
      return await handOffIdpInitiated(ctx, res, row!, login.profile, fields.RelayState);
    }
    // A test's answer whose RelayState was changed on the way: it never signs anyone in.
    if (login.connectionTestId) throw new SamlRejected('unknown_in_response_to');
    const interactionUid = login.relayState;
    if (!interactionUid) throw new SamlRejected('idp_initiated_not_allowed');
    const token = await storeSsoResult(ctx.db, interactionUid, { connectionId, profile: login.profile });
    redirect(res, `/interaction/${encodeURIComponent(interactionUid)}/sso?result=${token}`);
  } catch (error) {
    if (!(error instanceof SamlRejected)) throw error;
    ctx.logger.warn({ connectionId, reason: error.reason }, 'SAML response refused');
    return refuseSso(ctx, res, 400, `The identity provider's answer was refused (${error.reason}).`);
  }
}

function redirect(res: AnyResponse, location: string): void {
  res.writeHead(303, { location, 'cache-control': 'no-store' });
  res.end();
}
