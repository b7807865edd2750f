// The portal's "Import metadata" form: pasted XML wins over a URL when both are given. The import
// functions (connections/idp-metadata-import.ts) validate the document, apply it exactly as an
// UpdateConnection would and write the event; bad input throws ApiError and changes nothing. The
// caller has already checked that the connection belongs to the session's organization.
import type { AppContext } from '../app-context.ts';
import { invalidArgument } from '../contract/api-error.ts';
import { importIdpMetadataUrl, importIdpMetadataXml } from '../connections/idp-metadata-import.ts';

export async function importMetadata(
  ctx: AppContext,
  connectionId: string,
  xml: string,
  url: string,
): Promise<void> {
  if (xml) return importIdpMetadataXml(ctx, connectionId, xml);
  if (url) return importIdpMetadataUrl(ctx, connectionId, url);
  throw invalidArgument('paste the metadata XML or give its URL');
}
