// The document around every admin-portal page: the hosted pages' layout (same CSS, one nonce'd
// <style>, no script) with a wider card for forms with many fields, the organization's name above
// it so the IT admin always sees which organization they are changing, and — with a session — a
// way to leave the portal at the bottom.
import { html, type SafeHtml } from '../../util/html.ts';
import { postForm, submitButton } from '../../hosted/ui/components.ts';
import { layout } from '../../hosted/ui/layout.ts';

export interface PortalBase {
  /** The CSP nonce of this response. */
  nonce: string;
  organizationName: string;
  /** The page's forms carry this anti-forgery token, bound to the portal session. */
  csrf: string;
}

const PORTAL_CSS = `
.card, .brand { max-width: 720px; }
h2 { font-size: 17px; margin: 28px 0 10px; }
textarea, select {
  display: block; width: 100%; padding: 10px 12px; font: inherit; color: inherit;
  background: var(--field); border: 1px solid var(--field-border); border-radius: 9px;
}
textarea { min-height: 140px; font-family: ui-monospace, monospace; font-size: 13px; }
select { height: 44px; }
input[readonly] { background: var(--hover); font-family: ui-monospace, monospace; font-size: 13px; }
fieldset { border: 0; padding: 0; }
legend { margin-bottom: 6px; font-size: 14px; font-weight: 550; }
.check { display: flex; align-items: center; gap: 10px; margin-bottom: 14px; }
.check input { width: 18px; height: 18px; margin: 0; }
.check label { margin: 0; font-weight: 500; }
.actions { display: flex; flex-wrap: wrap; align-items: center; gap: 10px; margin-top: 8px; }
.actions .button { width: auto; }
.button-danger { background: transparent; color: var(--danger); border-color: var(--danger-border); }
.connections { width: 100%; border-collapse: collapse; margin: 8px 0 20px; font-size: 14px; }
.connections th, .connections td { text-align: left; padding: 8px; border-bottom: 1px solid var(--border); }
.section { border-top: 1px solid var(--border); margin-top: 24px; padding-top: 4px; }
.crumbs { margin: 0 0 14px; font-size: 14px; }
`;

export function portalLayout(p: {
  title: string;
  nonce: string;
  organizationName: string;
  body: SafeHtml;
  /** With a session: the page ends with a way to leave the portal. */
  csrf?: string | undefined;
}): string {
  const leave = p.csrf
    ? html`<div class="after">
        ${postForm('/portal/logout', p.csrf, submitButton('Leave the admin portal', 'link'), {
          label: 'Leave the admin portal',
        })}
      </div>`
    : '';
  return layout({
    title: p.title,
    nonce: p.nonce,
    appName: `${p.organizationName} · Admin portal`,
    body: html`${p.body}${leave}`,
    extraCss: PORTAL_CSS,
  });
}
