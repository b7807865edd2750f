// Creating a first organization, for a user who signed up without one.
import { html } from '../../util/html.ts';
import { errorAlert, inputField, postForm, submitButton } from './components.ts';
import { layout, type PageBase } from './layout.ts';

export interface CreateOrganizationStepProps extends PageBase {
  action: string;
  csrf: string;
  error?: string;
  /** The name typed before, when the page is shown again with an error. */
  organizationName?: string;
}

export function createOrganizationStep(p: CreateOrganizationStepProps): string {
  const name = inputField({
    id: 'organization_name',
    name: 'organization_name',
    label: 'Organization name',
    type: 'text',
    autocomplete: 'organization',
    value: p.organizationName,
    required: true,
    autofocus: true,
    maxlength: 200,
    invalid: Boolean(p.error),
  });
  const body = html`<p class="lead">Your team, company or project. You can rename it later.</p>
    ${errorAlert(p.error)}${postForm(p.action, p.csrf, html`${name}${submitButton('Create organization')}`)}`;
  return layout({ ...p, title: 'Create your organization', body });
}
