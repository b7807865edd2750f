// One UpdateConnection, wherever it comes from (the API or the admin portal's metadata import):
// fetch the IdP metadata the request names, build the new row with the usual validation and status,
// attach the SP key, check the IdP-initiated target, then write the row and its
// organization.sso_updated event in one transaction.
// Fetching happens before the transaction, so a slow IdP never holds a database connection.
import type { UpdateConnection } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js';
import type { Kysely } from 'kysely';
import type { AppContext } from '../app-context.ts';
import { appendEvent } from '../events/event-log.ts';
import { fetchIdpMetadata } from '../sso/saml/idp-metadata-fetch.ts';
import type { Database } from '../store/schema.ts';
import { updatedConnectionRow } from './connection-build.ts';
import { connectionEventData } from './connection-mapper.ts';
import type { ConnectionRow } from './connection-store.ts';
import { checkIdpInitiatedTarget } from './idp-initiated-target.ts';
import { prepareImport, type ImportedIdpMetadata } from './idp-metadata-apply.ts';
import { checkRoleMappings } from './role-mappings.ts';
import { withSpKey } from './sp-key-binding.ts';

/** The metadata behind a non-empty saml_config.idp_metadata_url, fetched and checked. */
export async function metadataFromUrl(ctx: AppContext, url: string): Promise<ImportedIdpMetadata> {
  const xml = await fetchIdpMetadata(url, { allowPrivate: ctx.config.webhookAllowPrivate });
  return prepareImport(xml, new URL(url.trim()).href);
}

async function requestedMetadata(
  ctx: AppContext,
  current: ConnectionRow,
  fields: UpdateConnection,
): Promise<ImportedIdpMetadata | undefined> {
  const settings = fields.settings;
  if (settings.case !== 'samlConfig' || current.type !== 'SAML') return undefined;
  const url = settings.value.idpMetadataUrl;
  return url?.trim() ? metadataFromUrl(ctx, url) : undefined;
}

export async function writeConnectionUpdate(
  db: Kysely<Database>,
  environmentId: string,
  next: ConnectionRow,
  /** Only write if the row is still as read (optimistic; for background refreshes). */
  unchangedSince?: string,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const { id, organization_id: _org, created_at: _created, ...columns } = next;
    let query = trx.updateTable('connections').set(columns).where('id', '=', id);
    if (unchangedSince !== undefined) query = query.where('updated_at', '=', unchangedSince);
    const written = await query.executeTakeFirst();
    if (Number(written.numUpdatedRows) === 0) return false;
    await appendEvent(trx, environmentId, {
      type: 'organization.sso_updated',
      organizationId: next.organization_id,
      object: 'Connection',
      data: connectionEventData(next),
    });
    return true;
  });
}

/** Validates, applies and saves an update; throws ApiError and changes nothing on bad input. */
export async function applyConnectionUpdate(
  ctx: AppContext,
  current: ConnectionRow,
  fields: UpdateConnection,
  imported?: ImportedIdpMetadata,
): Promise<ConnectionRow> {
  const metadata = imported ?? (await requestedMetadata(ctx, current, fields));
  const next = await withSpKey(ctx, current, updatedConnectionRow(current, fields, ctx.box, metadata));
  await checkIdpInitiatedTarget(ctx.db, current, next);
  await checkRoleMappings(ctx.db, next);
  await writeConnectionUpdate(ctx.db, ctx.environmentId, next);
  return next;
}
