// IdP-initiated SAML login at the ACS: a response that answers no AuthnRequest of ours, on a
// connection whose default_redirect_uri allows it, once the SAML engine has made every check
// (signature, audience, recipient, destination, issuer, times, replay). It signs no one in: an
// unsolicited assertion is not tied to the browser carrying it, so one stolen or planted would sign
// that browser in as someone else. The application instead gets, at its registered URI, a
// five-minute token naming the connection, organization and email (idp-initiated-token.ts), and
// starts an ordinary SP-initiated login with it — which the IdP answers for the browser at hand.
// The posted RelayState is only ever passed on as a claim, never read as an interaction.
import type { AppContext } from '../app-context.ts';
import { isRegisteredAppUri } from '../connections/idp-initiated-target.ts';
import type { ConnectionRow } from '../connections/connection-store.ts';
import { readSamlConfig } from '../connections/saml-config.ts';
import type { AnyResponse } from '../http/respond.ts';
import { mintIdpInitiatedToken, relayStateClaim, type IdpInitiatedClaims } from './idp-initiated-token.ts';
import { SamlRejected } from './saml/saml-rejected.ts';
import type { SamlProfile } from './saml/saml-response.ts';
import { refuseSso } from './sso-refusal-page.ts';
import { mapSsoPerson } from './sso-profile.ts';

export const IDP_INITIATED_PARAM = 'idp_initiated_login';

export async function handOffIdpInitiated(
  ctx: AppContext,
  res: AnyResponse,
  row: ConnectionRow,
  profile: SamlProfile,
  postedRelayState: unknown,
): Promise<void> {
  const target = readSamlConfig(row.saml_config).default_redirect_uri;
  // The application may have dropped the URI since it was set: never redirect anywhere else.
  if (!target || !row.organization_id || !(await isRegisteredAppUri(ctx.db, target))) {
    throw new SamlRejected('idp_initiated_not_allowed');
  }
  const person = mapSsoPerson(profile, row.attribute_mapping);
  if (!person) return refuseSso(ctx, res, 400, 'The identity provider did not send an email address.');
  const claims: IdpInitiatedClaims = {
    connection_id: row.id,
    organization_id: row.organization_id,
    login_hint: person.email,
  };
  const relayState = relayStateClaim(postedRelayState);
  if (relayState !== undefined) claims.relay_state = relayState;
  const token = await mintIdpInitiatedToken(ctx.keys, ctx.config.publicUrl, claims);
  ctx.logger.info(
    { connectionId: row.id, organizationId: row.organization_id },
    'IdP-initiated SAML login handed to the application',
  );
  res.writeHead(302, {
    location: withToken(target, token),
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
  });
  res.end();
}

/** The URI with the token appended, its own query kept as it is (registered URIs have no fragment). */
export function withToken(target: string, token: string): string {
  const separator = !target.includes('?') ? '?' : target.endsWith('?') || target.endsWith('&') ? '' : '&';
  return `${target}${separator}${IDP_INITIATED_PARAM}=${token}`;
}
