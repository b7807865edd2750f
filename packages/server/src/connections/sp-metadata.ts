// The SP metadata of a SAML connection, served at GET /sso/saml/{id}/metadata (public: an IdP admin
// or the IdP itself fetches it). It tells the IdP where to post assertions, which NameID format to
// send and that assertions must be signed. No KeyDescriptor: Gatehouse does not sign AuthnRequests
// nor decrypt assertions yet (UpdateConnection refuses those options), so it has no key to publish.
import type { AppContext } from '../app-context.ts';
import { ApiError } from '../contract/api-error.ts';
import type { AnyResponse } from '../http/respond.ts';
import { sendError } from '../http/respond.ts';
import { SAML_PATH, spEndpoints } from './connection-urls.ts';
import { readSamlConfig } from './saml-config.ts';

const METADATA_PATH = /^\/sso\/saml\/(conn_[0-9a-z]{26})\/metadata$/;

export const NAME_ID_FORMATS: Record<string, string> = {
  EMAIL: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  PERSISTENT: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
  TRANSIENT: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
  UNSPECIFIED: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
};

export function isSpMetadataPath(method: string | undefined, path: string): boolean {
  return (method === 'GET' || method === 'HEAD') && path.startsWith(SAML_PATH) && path.endsWith('/metadata');
}

const escapeXml = (text: string): string =>
  text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

export function spMetadataXml(publicUrl: string, connectionId: string, nameIdFormat: string): string {
  const sp = spEndpoints(publicUrl, connectionId);
  const format = NAME_ID_FORMATS[nameIdFormat] ?? NAME_ID_FORMATS.UNSPECIFIED!;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${escapeXml(sp.entityId)}">`,
    '  <md:SPSSODescriptor AuthnRequestsSigned="false" WantAssertionsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">',
    `    <md:NameIDFormat>${escapeXml(format)}</md:NameIDFormat>`,
    `    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${escapeXml(sp.assertionUrl)}" index="0" isDefault="true"/>`,
    '  </md:SPSSODescriptor>',
    '</md:EntityDescriptor>',
    '',
  ].join('\n');
}

export async function serveSpMetadata(ctx: AppContext, res: AnyResponse, path: string): Promise<void> {
  const id = METADATA_PATH.exec(path)?.[1];
  const row = id
    ? await ctx.db
        .selectFrom('connections')
        .select(['id', 'type', 'saml_config'])
        .where('id', '=', id)
        .executeTakeFirst()
    : undefined;
  if (!row || row.type !== 'SAML')
    return sendError(res, new ApiError('NOT_FOUND', 'no such SAML connection'));
  const xml = spMetadataXml(ctx.config.publicUrl, row.id, readSamlConfig(row.saml_config).name_id_format);
  res.writeHead(200, {
    'content-type': 'application/samlmetadata+xml; charset=utf-8',
    'content-length': Buffer.byteLength(xml),
    'cache-control': 'public, max-age=300',
    'x-content-type-options': 'nosniff',
  });
  res.end(xml);
}
