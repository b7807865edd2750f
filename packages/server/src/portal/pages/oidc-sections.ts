// The OIDC part of a connection page: the redirect URI to register at the IdP (read-only), and the
// IdP's issuer, client and options. The client secret is write-only: the page says whether one is
// set, never what it is, and a blank field keeps it.
import { html, type SafeHtml } from '../../util/html.ts';
import type { ConnectionRow } from '../../connections/connection-store.ts';
import { oidcRedirectUri } from '../../connections/connection-urls.ts';
import { readOidcConfig } from '../../connections/oidc-config.ts';
import { postForm, submitButton } from '../../hosted/ui/components.ts';
import { sectionError, typed, type FormError } from './connection-page.ts';
import { checkField, readOnlyField, textField } from './portal-fields.ts';

export const OIDC_SCOPES = ['openid', 'profile', 'email', 'address', 'phone'] as const;

export function oidcSections(p: {
  row: ConnectionRow;
  publicUrl: string;
  csrf: string;
  error?: FormError | undefined;
}): SafeHtml {
  const config = readOidcConfig(p.row.oidc_config);
  const v = typed(p.error, 'oidc');
  const scopes = OIDC_SCOPES.map((scope) =>
    checkField(`scope_${scope}`, scope, v ? v[`scope_${scope}`] === 'on' : config.scopes.includes(scope)),
  );
  const secretHint = config.client_secret_sealed
    ? 'A client secret is set. Leave this empty to keep it.'
    : 'No client secret is set yet.';
  return html`<section aria-labelledby="rp-title">
      <h2 id="rp-title">Redirect URI</h2>
      ${readOnlyField(
        'redirect_uri',
        'Sign-in redirect URI',
        oidcRedirectUri(p.publicUrl, p.row.id),
        'Register this URI in the application you create at your identity provider.',
      )}
    </section>
    <section class="section" aria-labelledby="idp-title">
      <h2 id="idp-title">Identity provider details</h2>
      ${sectionError(p.error, 'oidc')}
      ${postForm(
        `/portal/sso/${p.row.id}/oidc`,
        p.csrf,
        html`${textField('issuer', 'Issuer URL', v?.issuer ?? config.issuer, { placeholder: 'https://…' })}
          ${textField('client_id', 'Client ID', v?.client_id ?? config.client_id)}
          ${textField('client_secret', 'Client secret', '', { type: 'password', hint: secretHint })}
          <fieldset class="field">
            <legend>Scopes</legend>
            ${scopes}
          </fieldset>
          ${checkField('pkce', 'Use PKCE', v ? v.pkce === 'on' : config.pkce_enabled)}
          ${checkField(
            'jit',
            'Create accounts on first sign-in (just-in-time)',
            v ? v.jit === 'on' : config.jit_provisioning_with_sso_enabled,
          )}
          ${checkField(
            'sync_profile',
            'Update the profile on every sign-in',
            v ? v.sync_profile === 'on' : config.sync_user_profile_on_login,
          )}
          <div class="actions">${submitButton('Save')}</div>`,
        { label: 'Identity provider details' },
      )}
    </section>`;
}
