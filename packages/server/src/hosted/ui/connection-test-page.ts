// The page an IT admin sees at the end of a connection test, in the window that went to the IdP:
// success with what the IdP sent (the mapped person, then every attribute), or failure with why.
// Nobody is signed in either way; the admin portal reads the same result through the API.
import { html, type SafeHtml } from '../../util/html.ts';
import { errorAlert, notice } from './components.ts';
import { layout, type PageBase } from './layout.ts';

export interface ConnectionTestPageProps extends PageBase {
  succeeded: boolean;
  /** One sentence: who was asserted, or why the answer was refused. */
  summary: string;
  /** Labelled values (Email, Groups, NameID… or Reason). */
  facts: Array<[string, string]>;
  /** Attribute name → values, as the IdP sent them. */
  attributes: Record<string, string[]>;
}

function list(rows: Array<[string, string]>): SafeHtml | '' {
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
    ${list(p.facts)}
    ${
      attributes.length > 0
        ? html`<h2 class="facts-title">Attributes received</h2>
            ${list(attributes)}`
        : ''
    }
    <p class="footnote">This was a test: nobody was signed in. You can close this window.</p>`;
  return layout({
    ...p,
    title: p.succeeded ? 'Connection test succeeded' : 'Connection test failed',
    body,
  });
}
