// Where the simulator lives and the IdP metadata it publishes at GET /sso/simulator/metadata: its
// entity id, its SSO URL (HTTP-Redirect and HTTP-POST bindings) and its signing certificate — what a SAML
// connection needs to trust it, and what a simulator connection is filled with on creation.
import { sendSamlMetadata } from '../saml/saml-metadata-response.ts';
import type { AppContext } from '../../app-context.ts';
import type { AnyResponse } from '../../http/respond.ts';
import { simulatorKeys } from './simulator-keys.ts';

export const SIMULATOR_PATH = '/sso/simulator';

export function simulatorEndpoints(publicUrl: string) {
  const entityId = `${publicUrl}${SIMULATOR_PATH}`;
  return { entityId, ssoUrl: `${entityId}/saml`, metadataUrl: `${entityId}/metadata` };
}

const escapeXml = (text: string): string =>
  text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/** The base64 DER body of a PEM certificate, as <ds:X509Certificate> carries it. */
export function certificateBody(pem: string): string {
  return pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s+/g, '');
}

export function simulatorMetadataXml(publicUrl: string, certificatePem: string): string {
  const idp = simulatorEndpoints(publicUrl);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="${escapeXml(idp.entityId)}">`,
    '  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">',
    '    <md:KeyDescriptor use="signing">',
    `      <ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certificateBody(certificatePem)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>`,
    '    </md:KeyDescriptor>',
    '    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>',
    `    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${escapeXml(idp.ssoUrl)}"/>`,
    `    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${escapeXml(idp.ssoUrl)}"/>`,
    '  </md:IDPSSODescriptor>',
    '</md:EntityDescriptor>',
    '',
  ].join('\n');
}

export async function serveSimulatorMetadata(ctx: AppContext, res: AnyResponse): Promise<void> {
  const { certificatePem } = await simulatorKeys(ctx);
  const xml = simulatorMetadataXml(ctx.config.publicUrl, certificatePem);
  sendSamlMetadata(res, xml);
}
