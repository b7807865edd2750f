// Sends the end of a connection test to the admin's browser (the ACS or the OIDC callback answers
// with it): the hosted page kit's result page, with the hosted pages' headers (CSP nonce, no cache).
import type { AppContext } from '../../app-context.ts';
import { hostedPageHeaders, newNonce } from '../../hosted/security-headers.ts';
import { connectionTestPage } from '../../hosted/ui/connection-test-page.ts';
import type { AnyResponse } from '../../http/respond.ts';
import type { TestOutcome } from './test-outcome.ts';

export function sendTestResultPage(
  ctx: AppContext,
  res: AnyResponse,
  outcome: TestOutcome,
  connectionId?: string,
): void {
  const nonce = newNonce();
  // The admin portal's page of the connection shows this result too; without a portal session it
  // says the session has ended, so the link gives nothing away.
  const back = connectionId
    ? { href: `/portal/sso/${connectionId}#latest-test`, text: 'Back to the connection in the admin portal' }
    : undefined;
  const base = { nonce, appName: ctx.config.appName, back };
  let page: string;
  if (outcome.status === 'SUCCESS') {
    const info = outcome.userInfo;
    const facts: Array<[string, string]> = [
      ['Email', info.email],
      ['Given name', info.given_name ?? '—'],
      ['Family name', info.family_name ?? '—'],
      ['Groups', info.groups.length > 0 ? info.groups.join(', ') : '—'],
      info.sub !== undefined ? ['Subject (sub)', info.sub] : ['NameID', info.name_id ?? '—'],
      ['Issuer', info.issuer],
    ];
    page = connectionTestPage({
      ...base,
      succeeded: true,
      summary: `The identity provider signed in ${info.email}, and the attribute mapping reads:`,
      facts,
      attributes: info.attributes,
    });
  } else {
    page = connectionTestPage({
      ...base,
      succeeded: false,
      summary: outcome.description,
      facts: [['Reason', outcome.error]],
      attributes: outcome.details?.attributes ?? {},
    });
  }
  res.writeHead(outcome.status === 'SUCCESS' ? 200 : 400, hostedPageHeaders(nonce));
  res.end(page);
}
