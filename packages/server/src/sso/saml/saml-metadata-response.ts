// Answers with a SAML metadata document (ours as SP, the simulator's as IdP): the media type of the
// SAML metadata spec, cacheable for a few minutes since IdPs poll it, never sniffed as HTML.
import type { AnyResponse } from '../../http/respond.ts';

export function sendSamlMetadata(res: AnyResponse, xml: string): void {
  res.writeHead(200, {
    'content-type': 'application/samlmetadata+xml; charset=utf-8',
    'content-length': Buffer.byteLength(xml),
    'cache-control': 'public, max-age=300',
    'x-content-type-options': 'nosniff',
  });
  res.end(xml);
}
