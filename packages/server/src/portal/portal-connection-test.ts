// "Test connection" in the portal: starts a test sign-in at the IdP (sso/connection-test/test-start.ts)
// and sends the admin's browser there. The caller has already checked the connection is the
// session's; the connection page's CSP lets its forms end up at the IdP's origin.
import { startConnectionTest } from '../sso/connection-test/test-start.ts';
import type { PortalPage } from './portal-page.ts';

export async function startTestFromPortal(page: PortalPage, id: string): Promise<void> {
  const { redirectUrl } = await startConnectionTest(page.ctx, id);
  page.redirect(redirectUrl);
}
