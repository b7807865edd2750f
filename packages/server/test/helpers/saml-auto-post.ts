// What an IdP's page does with its answer: a form that posts the SAMLResponse to the ACS by itself,
// across sites, as Okta's or Entra's page does. For IdP pages in browser tests.
import type { ServerResponse } from 'node:http';

const escapeAttr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

export function sendAutoPost(
  res: ServerResponse,
  acsUrl: string,
  form: { SAMLResponse: string; RelayState: string },
): void {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(
    `<!doctype html><html><body><form method="post" action="${escapeAttr(acsUrl)}">` +
      `<input type="hidden" name="SAMLResponse" value="${escapeAttr(form.SAMLResponse)}">` +
      `<input type="hidden" name="RelayState" value="${escapeAttr(form.RelayState)}">` +
      `</form><script>document.forms[0].submit()</script></body></html>`,
  );
}
