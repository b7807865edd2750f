// IdP metadata import for callers other than the API (the admin portal): a pasted or uploaded
// document, or a URL, applied to a SAML connection exactly as an UpdateConnection carrying it would
// be — same validation, status, SP key, event. The caller has already decided the connection is
// theirs to change; bad input throws ApiError and changes nothing.
import { create } from '@bufbuild/protobuf';
import { UpdateConnectionSchema } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js';
import type { AppContext } from '../app-context.ts';
import { notFound } from '../contract/api-error.ts';
import { applyConnectionUpdate, metadataFromUrl } from './connection-update.ts';
import { findConnectionById, type ConnectionRow } from './connection-store.ts';
import { prepareImport, type ImportedIdpMetadata } from './idp-metadata-apply.ts';

async function connection(ctx: AppContext, connectionId: string): Promise<ConnectionRow> {
  const row = connectionId ? await findConnectionById(ctx.db, connectionId) : undefined;
  if (!row) throw notFound(`connection ${connectionId} not found`);
  return row;
}

async function apply(ctx: AppContext, row: ConnectionRow, imported: ImportedIdpMetadata): Promise<void> {
  // A SAML update that sets nothing explicitly: the metadata decides (and a non-SAML row is refused).
  const fields = create(UpdateConnectionSchema, { settings: { case: 'samlConfig', value: {} } });
  await applyConnectionUpdate(ctx, row, fields, imported);
}

/** Applies a metadata document; a URL imported earlier is forgotten (no refresh from it any more). */
export async function importIdpMetadataXml(
  ctx: AppContext,
  connectionId: string,
  xml: string,
): Promise<void> {
  const row = await connection(ctx, connectionId);
  await apply(ctx, row, prepareImport(xml));
}

/** Fetches the document (SSRF guard, https, 5 s, 1 MB), applies it and keeps the URL for refresh. */
export async function importIdpMetadataUrl(
  ctx: AppContext,
  connectionId: string,
  url: string,
): Promise<void> {
  const row = await connection(ctx, connectionId);
  await apply(ctx, row, await metadataFromUrl(ctx, url));
}
