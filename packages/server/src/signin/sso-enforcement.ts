// SSO enforced in AuthService as on the hosted pages: an email that the routing sends to an SSO
// connection (sso/sso-routing.ts, with the authorization's own hints) is answered with that
// connection as its sign-in method, and a passwordless step for it is refused before any mail is
// sent or any account created — the IdP, not a mailbox, proves who works at that organization.
import { ConnectionType } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js';
import type { AppContext } from '../app-context.ts';
import type { ConnectionRow } from '../connections/connection-store.ts';
import { failedPrecondition } from '../contract/api-error.ts';
import { ssoHints } from '../sso/sso-redirect.ts';
import { findSsoConnection } from '../sso/sso-routing.ts';
import type { ApiSignIn } from './api-sign-in.ts';

/** The SSO connection this sign-in must use for `email`; undefined when none applies. */
export async function ssoConnectionFor(
  ctx: AppContext,
  signIn: ApiSignIn,
  email: string,
): Promise<ConnectionRow | undefined> {
  return findSsoConnection(ctx, ssoHints(signIn.interaction.params, email));
}

/** DiscoveryAuthMethod's answer for an SSO email: the page continues at the sign-in, which goes to the IdP. */
export function ssoAuthMethod(ctx: AppContext, signIn: ApiSignIn, connection: ConnectionRow) {
  return {
    connectionId: connection.id,
    connectionType: connection.type === 'OIDC' ? ConnectionType.OIDC : ConnectionType.SAML,
    provider: connection.provider,
    authInitiationUri: `${ctx.config.publicUrl}/interaction/${signIn.interaction.uid}`,
  };
}

/** FAILED_PRECONDITION when the email this sign-in waits on must sign in through SSO. */
export async function refuseWhenSso(ctx: AppContext, signIn: ApiSignIn, email: string): Promise<void> {
  const connection = await ssoConnectionFor(ctx, signIn, email);
  if (!connection) return;
  throw failedPrecondition(
    `this email signs in through its organization's single sign-on (connection ${connection.id}); ` +
      `continue at ${ctx.config.publicUrl}/interaction/${signIn.interaction.uid}`,
  );
}
