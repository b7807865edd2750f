// The confirmation step before a connection is deleted: deleting cannot be undone, and people who
// sign in through it will no longer be able to.
import { html } from '../../util/html.ts';
import { linkButton, postForm, submitButton } from '../../hosted/ui/components.ts';
import type { ConnectionRow } from '../../connections/connection-store.ts';
import { portalLayout, type PortalBase } from './portal-layout.ts';
import { providerLabel } from './sso-overview.ts';

export function deleteConfirm(p: PortalBase & { row: ConnectionRow }): string {
  const body = html`<p class="message">
      Delete the ${providerLabel(p.row.provider)} ${p.row.type} connection? People who sign in through it will
      no longer be able to. This cannot be undone.
    </p>
    <div class="actions">
      ${postForm(`/portal/sso/${p.row.id}/delete`, p.csrf, submitButton('Delete connection'), {
        label: 'Delete connection',
      })}
      ${linkButton(`/portal/sso/${p.row.id}`, 'Cancel')}
    </div>`;
  return portalLayout({ ...p, title: 'Delete connection', body });
}
