// The first page of an interaction, by what the provider needs: sign-in (login), the choice of
// organization for a person already signed in (prompt=select_account), or the switch to the
// organization the application asked for.
import type { AppContext } from '../app-context.ts';
import type { AnyResponse } from '../http/respond.ts';
import { sendMessagePage } from './message-response.ts';
import type { InteractionPage } from './interaction-page.ts';
import { showEmail } from './steps-sign-in.ts';
import { showOrganizations, switchToRequested } from './steps-organization.ts';
import { redirectToSso } from '../sso/sso-redirect.ts';

export async function showInteraction(page: InteractionPage): Promise<void> {
  const { prompt, session, params } = page.interaction;
  if (prompt.name === 'select_account' && session?.accountId) {
    // Only prompt=select_account asks; an organization_id the session is not in is the application's
    // choice already.
    const wanted = params.organization_id;
    if (typeof wanted === 'string' && wanted !== '' && !prompt.reasons.includes('select_account_requested')) {
      return switchToRequested(page, session.accountId, wanted);
    }
    return showOrganizations(page);
  }
  if (page.pending().userId) return showOrganizations(page);
  // connection_id, organization_id, domain / domain_hint or login_hint naming one SSO connection.
  if (await redirectToSso(page)) return;
  return showEmail(page);
}

/** No interaction behind this browser's cookie (expired, finished, or opened elsewhere). */
export function interactionExpired(ctx: AppContext, res: AnyResponse): void {
  sendMessagePage(ctx, res, 400, {
    title: 'This sign-in has expired',
    message:
      'Go back to the application and sign in again. Sign-in links work only in the browser that asked for them.',
  });
}
