// The page of one connection: its state, the protocol's own sections (saml-sections.ts or
// oidc-sections.ts), the attribute mapping, and the controls (enable, disable, test, delete). An
// error from a form is shown in that form's section, with what was typed kept (never a secret).
import { html, type SafeHtml } from '../../util/html.ts';
import type { ConnectionRow } from '../../connections/connection-store.ts';
import { errorAlert, notice, postForm, submitButton } from '../../hosted/ui/components.ts';
import { portalLayout, type PortalBase } from './portal-layout.ts';
import { providerLabel } from './sso-overview.ts';
import { textField } from './portal-fields.ts';

export type Section =
  'saml' | 'metadata' | 'oidc' | 'mapping' | 'signing' | 'idp_initiated' | 'roles' | 'state' | 'test';

export interface FormError {
  section: Section;
  message: string;
  /** What the admin typed in that form (secrets removed), shown again. */
  values: Record<string, string>;
}

export interface ConnectionPageProps extends PortalBase {
  row: ConnectionRow;
  /** The protocol's sections, already rendered. */
  protocol: SafeHtml;
  /** Sections after the attribute mapping (the SAML options), already rendered. */
  options?: SafeHtml | undefined;
  /** The latest connection test, already rendered. */
  latestTest?: SafeHtml | '' | undefined;
  error?: FormError;
  notice?: string;
}

/** The typed values of `section` when the page is shown again after an error there. */
export function typed(error: FormError | undefined, section: Section): Record<string, string> | undefined {
  return error?.section === section ? error.values : undefined;
}

export function sectionError(error: FormError | undefined, section: Section): SafeHtml | '' {
  return error?.section === section ? errorAlert(error.message) : '';
}

const MAPPED = [
  ['email', 'Email'],
  ['given_name', 'First name'],
  ['family_name', 'Last name'],
  ['groups', 'Groups'],
] as const;

export const MAPPED_CLAIMS = MAPPED.map(([claim]) => claim);

function mappingForm(p: ConnectionPageProps): SafeHtml {
  const current = JSON.parse(p.row.attribute_mapping) as Record<string, string>;
  const values = typed(p.error, 'mapping');
  const fields = MAPPED.map(([claim, label]) =>
    textField(`map_${claim}`, label, values ? values[`map_${claim}`] : current[claim]),
  );
  return html`<section class="section" aria-labelledby="mapping-title">
    <h2 id="mapping-title">Attribute mapping</h2>
    <p class="hint">The name of the attribute (or claim) your identity provider sends for each value.</p>
    ${sectionError(p.error, 'mapping')}
    ${postForm(
      `/portal/sso/${p.row.id}/mapping`,
      p.csrf,
      html`${fields}
        <div class="actions">${submitButton('Save mapping', 'secondary')}</div>`,
      { label: 'Attribute mapping' },
    )}
  </section>`;
}

function controls(p: ConnectionPageProps): SafeHtml {
  const base = `/portal/sso/${p.row.id}`;
  const complete = p.row.status === 'COMPLETED';
  const toggle = p.row.enabled
    ? postForm(`${base}/disable`, p.csrf, submitButton('Disable', 'secondary'), { label: 'Disable' })
    : complete
      ? postForm(`${base}/enable`, p.csrf, submitButton('Enable'), { label: 'Enable' })
      : html`<p class="hint">Fill in the identity provider's details to enable this connection.</p>`;
  const test = complete
    ? postForm(`${base}/test`, p.csrf, submitButton('Test connection', 'secondary'), {
        label: 'Test connection',
      })
    : '';
  return html`<section class="section" aria-labelledby="state-title">
    <h2 id="state-title">State</h2>
    ${sectionError(p.error, 'state')}${sectionError(p.error, 'test')}
    <p class="message" id="connection-state">
      ${p.row.enabled ? 'Enabled' : 'Disabled'} · status ${p.row.status}
    </p>
    <div class="actions">
      ${toggle} ${test}
      <a class="button button-danger" href="${base}/delete">Delete…</a>
    </div>
  </section>`;
}

export function connectionPage(p: ConnectionPageProps): string {
  const body = html`<p class="crumbs"><a href="/portal/sso">← Single sign-on</a></p>
    <p class="lead">
      ${providerLabel(p.row.provider)} · ${p.row.type === 'SAML' ? 'SAML 2.0' : 'OpenID Connect'}
    </p>
    ${notice(p.notice)} ${p.protocol} ${mappingForm(p)} ${p.options ?? ''} ${controls(p)}
    ${p.latestTest ?? ''}`;
  return portalLayout({ ...p, title: `${providerLabel(p.row.provider)} connection`, body });
}
