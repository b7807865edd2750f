// Sends the browser of an interaction to its SSO connection's IdP: a SAML AuthnRequest, or an OIDC
// authorization request, whose stored RelayState is the interaction's uid, so the ACS / the callback
// knows which interaction the answer belongs to.
import type { ConnectionRow } from '../connections/connection-store.ts';
import type { InteractionPage } from '../hosted/interaction-page.ts';
import { startOidcSso } from './oidc-start.ts';
import { createSamlAuthnRequest } from './saml/saml-request.ts';
import { samlLoginConfig } from './saml-login-config.ts';
import { emailDomain, findSsoConnection, type SsoHints } from './sso-routing.ts';

/**
 * Redirects to the IdP and returns true when exactly one SSO connection applies to this sign-in.
 * Without `email`, an address the person already typed (remembered by DiscoveryAuthMethod) counts
 * as typed here, so returning to the sign-in page with it goes to its IdP.
 */
export async function redirectToSso(page: InteractionPage, email?: string): Promise<boolean> {
  const hints = ssoHints(page.interaction.params, email ?? page.pending().email);
  const connection = await findSsoConnection(page.ctx, hints);
  if (!connection) return false;
  await startSso(page, connection);
  return true;
}

/** What routes a sign-in to SSO: the authorization's parameters, and the email typed, if any. */
export function ssoHints(params: Record<string, unknown>, email?: string): SsoHints {
  const param = (name: string) => {
    const value = params[name];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  // Once an email is typed its domain decides; before it, the application's domain hints.
  const loginHint = param('login_hint');
  const domain = email
    ? emailDomain(email)
    : (param('domain') ?? param('domain_hint') ?? (loginHint ? emailDomain(loginHint) : undefined));
  return { connectionId: param('connection_id'), organizationId: param('organization_id'), domain };
}

async function startSso(page: InteractionPage, connection: ConnectionRow): Promise<void> {
  if (connection.type === 'OIDC') return startOidcSso(page, connection);
  const config = await samlLoginConfig(page.ctx, connection);
  if (!config) throw new Error(`connection ${connection.id} was routed to but is not usable`);
  const { redirectUrl } = await createSamlAuthnRequest(page.ctx.db, config, page.uid);
  page.redirect(redirectUrl);
}
