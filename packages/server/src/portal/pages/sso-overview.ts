// The SSO section's first page: the organization's connections with their state, and the way to
// set up a new one.
import { html } from '../../util/html.ts';
import type { ConnectionRow } from '../../connections/connection-store.ts';
import { linkButton, notice } from '../../hosted/ui/components.ts';
import { PORTAL_PROVIDERS } from '../portal-connections.ts';
import { portalLayout, type PortalBase } from './portal-layout.ts';

export function providerLabel(provider: string): string {
  return PORTAL_PROVIDERS.find((p) => p.value === provider)?.text ?? provider;
}

const STATUS_TEXT: Record<string, string> = {
  DRAFT: 'Not configured',
  IN_PROGRESS: 'Partly configured',
  COMPLETED: 'Configured',
};

export function ssoOverview(
  p: PortalBase & { connections: readonly ConnectionRow[]; notice?: string },
): string {
  const rows = p.connections.map(
    (c) =>
      html`<tr>
        <td><a href="/portal/sso/${c.id}">${providerLabel(c.provider)}</a></td>
        <td>${c.type}</td>
        <td>${STATUS_TEXT[c.status] ?? c.status}</td>
        <td>${c.enabled ? 'Enabled' : 'Disabled'}</td>
      </tr>`,
  );
  const table =
    rows.length > 0
      ? html`<table class="connections">
          <thead>
            <tr>
              <th scope="col">Identity provider</th>
              <th scope="col">Protocol</th>
              <th scope="col">Status</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            ${rows}
          </tbody>
        </table>`
      : html`<p class="message">No single sign-on connection is set up yet.</p>`;
  const body = html`<p class="lead">
      Let your people sign in with your identity provider (Okta, Entra ID, Google…).
    </p>
    ${notice(p.notice)} ${table} ${linkButton('/portal/sso/new', 'Set up SSO')}`;
  return portalLayout({ ...p, title: 'Single sign-on', body });
}
