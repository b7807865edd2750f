// The connection page's "Latest test" section: the newest test's status, the reason when it failed,
// and who and what the IdP sent, so the admin sees the result back in the portal.
import { html, type SafeHtml } from '../../util/html.ts';
import { notice } from '../../hosted/ui/components.ts';
import { factList } from '../../hosted/ui/connection-test-page.ts';
import type { LatestTest } from '../portal-latest-test.ts';

export function latestTestSection(test: LatestTest | undefined): SafeHtml | '' {
  if (!test) return '';
  let summary: SafeHtml | '';
  let rows: [string, string][] = [];
  if (test.status === 'SUCCESS' && test.userInfo) {
    const info = test.userInfo;
    summary = notice(`Succeeded: the identity provider signed in ${info.email}.`);
    rows = [
      ['Email', info.email],
      ['Given name', info.given_name ?? '—'],
      ['Family name', info.family_name ?? '—'],
      ['Groups', info.groups.length > 0 ? info.groups.join(', ') : '—'],
    ];
  } else if (test.status === 'FAILURE') {
    summary = html`<div class="alert">Failed: ${test.description ?? ''}</div>`;
    rows = [['Reason', test.error ?? '']];
  } else {
    summary = html`<p class="message">Waiting for the identity provider's answer.</p>`;
  }
  const attributes = Object.entries(test.attributes).map(([name, values]): [string, string] => [
    name,
    values.join(', '),
  ]);
  return html`<section class="section" aria-labelledby="latest-test-title" id="latest-test">
    <h2 id="latest-test-title">Latest test</h2>
    <p class="hint">Started ${test.startedAt.slice(0, 16).replace('T', ' ')} UTC.</p>
    ${summary} ${factList(rows)}
    ${
      attributes.length > 0
        ? html`<h3>Attributes received</h3>
            ${factList(attributes)}`
        : ''
    }
  </section>`;
}
