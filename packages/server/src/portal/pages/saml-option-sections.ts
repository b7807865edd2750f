// The SAML connection page's option sections: signed requests and encrypted assertions with the SP
// certificate to paste into the IdP, the request binding, IdP-initiated login (only registered
// application URIs are offered) and group → role mapping (only the organization's roles are offered).
import { html, raw, type SafeHtml } from '../../util/html.ts';
import type { ConnectionRow } from '../../connections/connection-store.ts';
import { roleMappings } from '../../connections/role-mappings.ts';
import { readSamlConfig, usesSpKey } from '../../connections/saml-config.ts';
import { postForm, submitButton } from '../../hosted/ui/components.ts';
import { BLANK_ROLE_ROWS, REQUEST_BINDINGS, type SamlOptionsData } from '../portal-saml-options.ts';
import { sectionError, typed, type FormError } from './connection-page.ts';
import { checkField, selectField, textField } from './portal-fields.ts';

interface Props extends SamlOptionsData {
  row: ConnectionRow;
  csrf: string;
  error?: FormError | undefined;
}

function spCertificate(p: Props): SafeHtml | '' {
  const config = readSamlConfig(p.row.saml_config);
  if (!usesSpKey(config) || !p.spCertificatePem) return '';
  return html`<div class="field">
    <label for="sp_certificate">Service provider certificate</label>
    <textarea id="sp_certificate" readonly spellcheck="false">${p.spCertificatePem}</textarea>
    <p class="hint">
      Give this certificate to your identity provider: it checks our signed requests with it and encrypts
      assertions to it. The metadata URL above now carries it too.
    </p>
  </div>`;
}

function signingSection(p: Props): SafeHtml {
  const config = readSamlConfig(p.row.saml_config);
  const v = typed(p.error, 'signing');
  return html`<section class="section" aria-labelledby="signing-title">
    <h2 id="signing-title">Signing and encryption</h2>
    ${sectionError(p.error, 'signing')} ${spCertificate(p)}
    ${postForm(
      `/portal/sso/${p.row.id}/signing`,
      p.csrf,
      html`${checkField(
          'want_request_signed',
          'Sign authentication requests',
          v ? v.want_request_signed === 'on' : config.want_request_signed === true,
        )}
        ${checkField(
          'assertion_encrypted',
          'Require encrypted assertions',
          v ? v.assertion_encrypted === 'on' : config.assertion_encrypted === true,
        )}
        ${selectField(
          'idp_sso_request_binding',
          'Request binding',
          REQUEST_BINDINGS,
          v?.idp_sso_request_binding ?? config.sso_binding,
        )}
        <div class="actions">${submitButton('Save signing options', 'secondary')}</div>`,
      { label: 'Signing and encryption' },
    )}
  </section>`;
}

function idpInitiatedSection(p: Props): SafeHtml {
  const current = readSamlConfig(p.row.saml_config).default_redirect_uri ?? '';
  const v = typed(p.error, 'idp_initiated');
  const options = [
    { value: '', text: 'Off' },
    ...p.registeredUris.map((uri) => ({ value: uri, text: uri })),
    // Set earlier and since dropped by its application: shown so the page does not hide it.
    ...(current && !p.registeredUris.includes(current)
      ? [{ value: current, text: `${current} (no longer registered)` }]
      : []),
  ];
  return html`<section class="section" aria-labelledby="idp-initiated-title">
    <h2 id="idp-initiated-title">IdP-initiated login</h2>
    <p class="hint">
      Where people who start at your identity provider's dashboard land. Only addresses the application has
      registered can be chosen.
    </p>
    ${sectionError(p.error, 'idp_initiated')}
    ${postForm(
      `/portal/sso/${p.row.id}/idp_initiated`,
      p.csrf,
      html`${selectField('default_redirect_uri', 'Send people to', options, v?.default_redirect_uri ?? current)}
        <div class="actions">${submitButton('Save', 'secondary')}</div>`,
      { label: 'IdP-initiated login' },
    )}
  </section>`;
}

function roleSelect(id: string, roles: Props['roles'], selected: string): SafeHtml {
  const known = roles.some((r) => r.name === selected);
  const items = [
    { value: '', text: 'Choose a role' },
    ...roles.map((r) => ({ value: r.name, text: `${r.displayName} (${r.name})` })),
    ...(selected && !known ? [{ value: selected, text: selected }] : []),
  ].map(
    (o) => html`<option value="${o.value}" ${o.value === selected ? raw('selected') : ''}>${o.text}</option>`,
  );
  return html`<select id="${id}" name="${id}" aria-label="Role">
    ${items}
  </select>`;
}

function rolesSection(p: Props): SafeHtml {
  const mapping = JSON.parse(p.row.attribute_mapping) as Record<string, string>;
  const v = typed(p.error, 'roles');
  const rows: [string, string][] = v
    ? Object.keys(v)
        .filter((k) => /^role_\d+$/.test(k))
        .map((k) => [v[k] ?? '', v[`role_groups_${k.slice(5)}`] ?? ''])
    : [...roleMappings(mapping)].map(([role, groups]) => [role, groups.join(', ')]);
  const filled = rows.filter(([role, groups]) => role || groups);
  for (let i = 0; i < BLANK_ROLE_ROWS; i++) filled.push(['', '']);
  const rowHtml = filled.map(
    ([role, groups], i) =>
      html`<tr>
        <td>${roleSelect(`role_${i}`, p.roles, role)}</td>
        <td>
          <input
            id="role_groups_${i}"
            name="role_groups_${i}"
            type="text"
            autocomplete="off"
            aria-label="IdP groups"
            value="${groups}"
          />
        </td>
      </tr>`,
  );
  return html`<section class="section" aria-labelledby="roles-title">
    <h2 id="roles-title">Group to role mapping</h2>
    <p class="hint">
      People in any of the listed identity-provider groups (comma separated, exact names) get the role when
      they sign in. Empty a row to remove it.
    </p>
    ${sectionError(p.error, 'roles')}
    ${postForm(
      `/portal/sso/${p.row.id}/roles`,
      p.csrf,
      html`${textField('groups_attribute', 'Groups attribute', v?.groups_attribute ?? mapping.groups, {
          hint: 'The attribute your identity provider sends the groups in.',
        })}
        <table class="connections">
          <thead>
            <tr>
              <th scope="col">Role</th>
              <th scope="col">IdP groups</th>
            </tr>
          </thead>
          <tbody>
            ${rowHtml}
          </tbody>
        </table>
        <div class="actions">${submitButton('Save role mapping', 'secondary')}</div>`,
      { label: 'Group to role mapping' },
    )}
  </section>`;
}

export function samlOptionSections(p: Props): SafeHtml {
  return html`${signingSection(p)} ${idpInitiatedSection(p)} ${rolesSection(p)}`;
}
