// The page a person sees when an enterprise sign-in is refused on the way back from the IdP (the SAML
// ACS, the OIDC callback): what went wrong, and to start again from the application.
import type { AppContext } from '../app-context.ts';
import { sendMessagePage } from '../hosted/message-response.ts';
import type { AnyResponse } from '../http/respond.ts';

export function refuseSso(ctx: AppContext, res: AnyResponse, status: number, message: string): void {
  sendMessagePage(ctx, res, status, {
    title: 'Single sign-on failed',
    message: `${message} Go back to the application and sign in again.`,
  });
}
