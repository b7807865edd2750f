// A page whose form posts itself to another site: the SAML HTTP-POST binding's hop, used for our
// AuthnRequest to the IdP (sso/saml-post-request-page.ts) and for the IdP simulator's SAMLResponse to
// the ACS (sso/simulator/simulator-page.ts). One nonce'd line of script submits the form; without
// script the "Continue" button does. The caller serves it with a CSP that lets the nonce'd script
// run and whose form-action names only the form's target; each caller keeps its own.
import { html, safeUrl } from '../../util/html.ts';
import { submitButton } from './components.ts';
import { layout, type PageBase } from './layout.ts';

export interface AutoPostPageProps extends PageBase {
  title: string;
  /** What the person sees while the browser moves on ("Continuing to your identity provider…"). */
  message: string;
  /** Where the form posts (an absolute http(s) URL or a same-site path). */
  action: string;
  /** The hidden fields, in order; a field with no value (undefined or '') is left out. */
  fields: Record<string, string | undefined>;
}

const FORM_ID = 'auto-post';

export function autoPostPage(p: AutoPostPageProps): string {
  const inputs = Object.entries(p.fields).map(([name, value]) =>
    value ? html`<input type="hidden" name="${name}" value="${value}" />` : '',
  );
  const body = html`<p class="message">${p.message}</p>
    <form method="post" action="${safeUrl(p.action)}" id="${FORM_ID}">
      ${inputs} ${submitButton('Continue')}
    </form>
    <script nonce="${p.nonce}">
      document.getElementById('${FORM_ID}').submit();
    </script>`;
  return layout({ nonce: p.nonce, appName: p.appName, title: p.title, body });
}
