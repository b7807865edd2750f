// Step one of a new connection: the protocol (SAML or OIDC) and the identity provider, which picks
// the attribute preset the connection starts with.
import { html } from '../../util/html.ts';
import { errorAlert, postForm, submitButton } from '../../hosted/ui/components.ts';
import { PORTAL_PROVIDERS } from '../portal-connections.ts';
import { selectField } from './portal-fields.ts';
import { portalLayout, type PortalBase } from './portal-layout.ts';

export function newConnection(p: PortalBase & { error?: string; values?: Record<string, string> }): string {
  const form = postForm(
    '/portal/sso/new',
    p.csrf,
    html`${selectField('provider', 'Identity provider', PORTAL_PROVIDERS, p.values?.provider ?? 'OKTA')}
      ${selectField(
        'type',
        'Protocol',
        [
          { value: 'SAML', text: 'SAML 2.0' },
          { value: 'OIDC', text: 'OpenID Connect' },
        ],
        p.values?.type ?? 'SAML',
      )}
      <div class="actions">${submitButton('Create connection')}</div>`,
    { label: 'New connection' },
  );
  const body = html`<p class="crumbs"><a href="/portal/sso">← Single sign-on</a></p>
    <p class="lead">Choose your identity provider and how it talks to us. You fill in the details next.</p>
    ${errorAlert(p.error)} ${form}`;
  return portalLayout({ ...p, title: 'Set up SSO', body });
}
