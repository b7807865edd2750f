// Sends the browser of an interaction to its SSO connection's IdP: a SAML AuthnRequest, or an OIDC
// authorization request, whose stored RelayState is the interaction's uid, so the ACS / the callback
// knows which interaction the answer belongs to.
import type { ConnectionRow } from '../connections/connection-store.ts';
import type { InteractionPage } from '../hosted/interaction-page.ts';
import { startOidcSso } from './oidc-start.ts';
import { createSamlAuthnRequest } from './saml/saml-request.ts';
import { samlConnectionConfig } from './saml-connection-config.ts';
import { emailDomain, findSsoConnection } from './sso-routing.ts';

/** Redirects to the IdP and returns true when exactly one SSO connection applies to this sign-in. */
export async function redirectToSso(page: InteractionPage, email?: string): Promise<boolean> {
  const params = page.interaction.params;
  const param = (name: string) => {
    const value = params[name];
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  };
  // On the email step the typed address decides; before it, the application's domain hints.
  const loginHint = param('login_hint');
  const domain = email
    ? emailDomain(email)
    : (param('domain') ?? param('domain_hint') ?? (loginHint ? emailDomain(loginHint) : undefined));
  const connection = await findSsoConnection(page.ctx, {
    connectionId: param('connection_id'),
    organizationId: param('organization_id'),
    domain,
  });
  if (!connection) return false;
  await startSso(page, connection);
  return true;
}

async function startSso(page: InteractionPage, connection: ConnectionRow): Promise<void> {
  if (connection.type === 'OIDC') return startOidcSso(page, connection);
  const config = samlConnectionConfig(connection, page.ctx.config.publicUrl);
  if (!config) throw new Error(`connection ${connection.id} was routed to but is not usable`);
  const { redirectUrl } = await createSamlAuthnRequest(page.ctx.db, config, page.uid);
  page.redirect(redirectUrl);
}
