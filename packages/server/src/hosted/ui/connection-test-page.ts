// The page an IT admin sees at the end of a connection test, in the window that went to the IdP:
// success with what the IdP sent (the mapped person, then every attribute), or failure with why.
// Nobody is signed in either way; the admin portal reads the same result through the API.
import { html, type SafeHtml } from '../../util/html.ts';
import { errorAlert, linkButton, notice } from './components.ts';
import { layout, type PageBase } from './layout.ts';

export interface ConnectionTestPageProps extends PageBase {
  succeeded: boolean;
  /** One sentence: who was asserted, or why the answer was refused. */
  summary: string;
  /** Labelled values (Email, Groups, NameID… or Reason). */
  facts: Array<[string, string]>;
  /** Attribute name → values, as the IdP sent them. */
  attributes: Record<string, string[]>;
  /** Where the admin started the test (the connection's admin-portal page), offered as a way back. */
  back?: { href: string; text: string } | undefined;
}

/** Labelled values as a definition list (the admin portal shows a test's result with it too). */
export function factList(rows: Array<[string, string]>): SafeHtml | '' {
  if (rows.length === 0) return '';
  return html`<dl class="facts">
    ${rows.map(
      ([label, value]) =>
        html`<dt>${label}</dt>
          <dd>${value}</dd>`,
    )}
  </dl>`;
}

export function connectionTestPage(p: ConnectionTestPageProps): string {
  const attributes = Object.entries(p.attributes).map(([name, values]): [string, string] => [
    name,
    values.join(', '),
  ]);
  const summary = p.succeeded ? notice(p.summary) : errorAlert(p.summary);
  const body = html`<div class="test-summary">${summary}</div>
    ${factList(p.facts)}
    ${
      attributes.length > 0
        ? html`<h2 class="facts-title">Attributes received</h2>
            ${factList(attributes)}`
        : ''
    }
    <p class="footnote">This was a test: nobody was signed in. You can close this window.</p>
    ${p.back ? linkButton(p.back.href, p.back.text) : ''}`;
  return layout({
    ...p,
    title: p.succeeded ? 'Connection test succeeded' : 'Connection test failed',
    body,
  });
}
