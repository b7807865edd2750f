// Picking the organization to sign in to, when the user belongs to several. One form; each
// organization is a submit button carrying its id, so the choice needs no script.
import { html } from '../../util/html.ts';
import { errorAlert, postForm } from './components.ts';
import { layout, type PageBase } from './layout.ts';

export interface OrganizationChoice {
  id: string;
  name: string;
}

export interface OrganizationStepProps extends PageBase {
  action: string;
  csrf: string;
  organizations: readonly OrganizationChoice[];
  error?: string;
}

export function organizationStep(p: OrganizationStepProps): string {
  const items = p.organizations.map((org) => {
    const initial = [...org.name.trim()][0]?.toUpperCase() ?? '?';
    return html`<li>
      <button
        type="submit"
        class="button button-secondary org-button"
        name="organization_id"
        value="${org.id}"
      >
        <span class="org-initial" aria-hidden="true">${initial}</span
        ><span class="org-name">${org.name}</span>
      </button>
    </li>`;
  });
  const list =
    items.length > 0
      ? postForm(
          p.action,
          p.csrf,
          html`<ul class="org-list">
            ${items}
          </ul>`,
        )
      : html`<p class="message">You are not a member of any organization yet.</p>`;
  const body = html`<p class="lead">to continue to ${p.appName}</p>
    ${errorAlert(p.error)}${list}`;
  return layout({ ...p, title: 'Choose an organization', body });
}
