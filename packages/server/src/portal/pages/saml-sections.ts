// The SAML parts of a connection page: what the admin copies into their IdP (read-only), the IdP's
// metadata by URL or pasted XML, and the IdP's details by hand with the name-id format and switches.
import { html, type SafeHtml } from '../../util/html.ts';
import type { ConnectionRow } from '../../connections/connection-store.ts';
import { spEndpoints } from '../../connections/connection-urls.ts';
import { readSamlConfig } from '../../connections/saml-config.ts';
import { postForm, submitButton } from '../../hosted/ui/components.ts';
import { sectionError, typed, type FormError } from './connection-page.ts';
import { checkField, readOnlyField, selectField, textArea, textField } from './portal-fields.ts';

export const NAME_ID_FORMATS = [
  { value: 'EMAIL', text: 'Email address' },
  { value: 'PERSISTENT', text: 'Persistent' },
  { value: 'TRANSIENT', text: 'Transient' },
  { value: 'UNSPECIFIED', text: 'Unspecified' },
] as const;

export function samlSections(p: {
  row: ConnectionRow;
  publicUrl: string;
  csrf: string;
  error?: FormError | undefined;
}): SafeHtml {
  const sp = spEndpoints(p.publicUrl, p.row.id);
  const config = readSamlConfig(p.row.saml_config);
  const base = `/portal/sso/${p.row.id}`;
  const meta = typed(p.error, 'metadata');
  const manual = typed(p.error, 'saml');
  const certificate = config.certificates[0];
  const certificateHint = certificate
    ? `A certificate is pinned (${certificate.issuer}, valid until ${certificate.not_after.slice(0, 10)}). Paste one only to add another.`
    : 'The PEM certificate the identity provider signs with.';
  return html`<section aria-labelledby="sp-title">
      <h2 id="sp-title">Service provider details</h2>
      <p class="hint">Copy these into the SAML application you create in your identity provider.</p>
      ${readOnlyField('sp_entity_id', 'Entity ID (audience)', sp.entityId)}
      ${readOnlyField('sp_acs_url', 'Assertion consumer service (ACS) URL', sp.assertionUrl)}
      ${readOnlyField('sp_metadata_url', 'Metadata URL', sp.metadataUrl)}
    </section>
    <section class="section" aria-labelledby="metadata-title">
      <h2 id="metadata-title">Identity provider metadata</h2>
      ${sectionError(p.error, 'metadata')}
      ${postForm(
        `${base}/metadata`,
        p.csrf,
        html`${textField(
            'idp_metadata_url',
            'Metadata URL',
            meta?.idp_metadata_url ?? config.idp_metadata_url,
            {
              placeholder: 'https://…',
            },
          )}
          ${textArea('idp_metadata_xml', 'Or paste the metadata XML', meta?.idp_metadata_xml ?? '')}
          <div class="actions">${submitButton('Import metadata', 'secondary')}</div>`,
        { label: 'Identity provider metadata' },
      )}
    </section>
    <section class="section" aria-labelledby="idp-title">
      <h2 id="idp-title">Identity provider details</h2>
      ${sectionError(p.error, 'saml')}
      ${postForm(
        `${base}/saml`,
        p.csrf,
        html`${textField('idp_entity_id', 'IdP entity ID (issuer)', manual?.idp_entity_id ?? config.idp_entity_id)}
          ${textField('idp_sso_url', 'IdP single sign-on URL', manual?.idp_sso_url ?? config.idp_sso_url)}
          ${textArea('idp_certificate', 'IdP signing certificate', manual?.idp_certificate ?? '', certificateHint)}
          ${selectField(
            'name_id_format',
            'Name ID format',
            NAME_ID_FORMATS,
            manual?.name_id_format ?? config.name_id_format,
          )}
          ${checkField(
            'jit',
            'Create accounts on first sign-in (just-in-time)',
            manual ? manual.jit === 'on' : config.jit_provisioning_with_sso_enabled,
          )}
          ${checkField(
            'sync_profile',
            'Update the profile on every sign-in',
            manual ? manual.sync_profile === 'on' : config.sync_user_profile_on_login,
          )}
          <div class="actions">${submitButton('Save')}</div>`,
        { label: 'Identity provider details' },
      )}
    </section>`;
}
