// The SP metadata of a SAML connection, served at GET /sso/saml/{id}/metadata (public: an IdP admin
// or the IdP itself fetches it). It tells the IdP where to post assertions, which NameID format to
// send and that assertions must be signed. When the connection signs its AuthnRequests or requires
// encrypted assertions, it also says so (AuthnRequestsSigned) and publishes the SP certificate the
// connection pinned, as a signing and/or an encryption KeyDescriptor; otherwise there is no key to
// publish and none is.
import { sendSamlMetadata } from '../sso/saml/saml-metadata-response.ts';
import type { AppContext } from '../app-context.ts';
import { ApiError } from '../contract/api-error.ts';
import type { AnyResponse } from '../http/respond.ts';
import { sendError } from '../http/respond.ts';
import { SAML_PATH, spEndpoints } from './connection-urls.ts';
import { readSamlConfig } from './saml-config.ts';
import { spKeyById } from '../sso/saml-sp-keys.ts';

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

/** The SP certificate to publish, and for what; absent when the connection uses no SP key. */
export interface SpMetadataKeys {
  certificatePem: string;
  signing: boolean;
  encryption: boolean;
}

function keyDescriptor(use: 'signing' | 'encryption', certificatePem: string): string {
  const base64 = certificatePem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s+/g, '');
  return [
    `    <md:KeyDescriptor use="${use}">`,
    `      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${base64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>`,
    '    </md:KeyDescriptor>',
  ].join('\n');
}

export function spMetadataXml(
  publicUrl: string,
  connectionId: string,
  nameIdFormat: string,
  keys?: SpMetadataKeys,
): string {
  const sp = spEndpoints(publicUrl, connectionId);
  const format = NAME_ID_FORMATS[nameIdFormat] ?? NAME_ID_FORMATS.UNSPECIFIED!;
  const signed = keys?.signing === true;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${escapeXml(sp.entityId)}">`,
    `  <md:SPSSODescriptor AuthnRequestsSigned="${signed}" WantAssertionsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">`,
    ...(keys?.signing ? [keyDescriptor('signing', keys.certificatePem)] : []),
    ...(keys?.encryption ? [keyDescriptor('encryption', keys.certificatePem)] : []),
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
  const config = readSamlConfig(row.saml_config);
  const key = config.sp_certificate_id ? await spKeyById(ctx, config.sp_certificate_id) : undefined;
  const keys = key && {
    certificatePem: key.certificatePem,
    signing: config.want_request_signed === true,
    encryption: config.assertion_encrypted === true,
  };
  const xml = spMetadataXml(ctx.config.publicUrl, row.id, config.name_id_format, keys);
  sendSamlMetadata(res, xml);
}
