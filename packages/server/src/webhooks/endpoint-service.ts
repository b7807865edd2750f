// Webhook endpoints: create, read, change, delete and rotate the signing secret. The secret is
// sealed at rest and shown only in the answers to create and rotate.
import type { AppContext } from '../app-context.ts';
import { ApiError } from '../contract/api-error.ts';
import { newId } from '../store/ids.ts';
import { keysetPage, type Page } from '../util/keyset-page.ts';
import type { Cursor } from '../util/page-token.ts';
import { isoAfterSeconds, isoNow } from '../util/time.ts';
import type { CreateEndpointInput, UpdateEndpointInput } from './endpoint-input.ts';
import { newWebhookSecret } from './signing.ts';
import type { WebhookEndpointTable } from './webhook-tables.ts';

export type EndpointRow = WebhookEndpointTable;

/** How long a rotated-out secret keeps signing beside the new one. */
const ROTATION_OVERLAP_SECONDS = 24 * 3600;

export function endpointJson(row: EndpointRow, secret?: string): Record<string, unknown> {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    event_types: JSON.parse(row.event_types) as string[],
    enabled: row.enabled === 1,
    ...(row.disabled_reason ? { disabled_reason: row.disabled_reason } : {}),
    create_time: row.created_at,
    update_time: row.updated_at,
    ...(secret ? { secret } : {}),
  };
}

const notFound = (id: string) => new ApiError('NOT_FOUND', `webhook endpoint ${id} not found`);

export async function createEndpoint(ctx: AppContext, input: CreateEndpointInput) {
  const secret = newWebhookSecret();
  const now = isoNow();
  const row: EndpointRow = {
    id: newId('whe'),
    url: input.url,
    description: input.description ?? '',
    event_types: JSON.stringify([...new Set(input.event_types ?? [])]),
    enabled: input.enabled === false ? 0 : 1,
    disabled_reason: null,
    secret: ctx.box.seal(secret),
    previous_secret: null,
    previous_secret_expires_at: null,
    failing_since: null,
    created_at: now,
    updated_at: now,
  };
  await ctx.db.insertInto('webhook_endpoints').values(row).execute();
  return { row, secret };
}

export async function getEndpoint(ctx: AppContext, id: string): Promise<EndpointRow> {
  const row = await ctx.db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) throw notFound(id);
  return row;
}

/** One keyset page of endpoints in creation (id) order; `cursor` comes from a previous page. */
export function listEndpoints(
  ctx: AppContext,
  cursor: Cursor | undefined,
  size: number,
): Promise<Page<EndpointRow>> {
  return keysetPage(ctx.db.selectFrom('webhook_endpoints').selectAll(), 'id', cursor, size);
}

export async function updateEndpoint(
  ctx: AppContext,
  id: string,
  input: UpdateEndpointInput,
): Promise<EndpointRow> {
  const changes: Partial<EndpointRow> = { updated_at: isoNow() };
  if (input.url !== undefined) changes.url = input.url;
  if (input.description !== undefined) changes.description = input.description;
  if (input.event_types !== undefined) changes.event_types = JSON.stringify([...new Set(input.event_types)]);
  if (input.enabled !== undefined) {
    changes.enabled = input.enabled ? 1 : 0;
    // Re-enabling starts a fresh failure window and forgets why it was disabled.
    if (input.enabled) Object.assign(changes, { disabled_reason: null, failing_since: null });
  }
  const result = await ctx.db
    .updateTable('webhook_endpoints')
    .set(changes)
    .where('id', '=', id)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw notFound(id);
  return getEndpoint(ctx, id);
}

export async function deleteEndpoint(ctx: AppContext, id: string): Promise<void> {
  const result = await ctx.db.deleteFrom('webhook_endpoints').where('id', '=', id).executeTakeFirst();
  if (result.numDeletedRows === 0n) throw notFound(id);
}

export async function rotateSecret(ctx: AppContext, id: string) {
  const row = await getEndpoint(ctx, id);
  const secret = newWebhookSecret();
  const now = isoNow();
  await ctx.db
    .updateTable('webhook_endpoints')
    .set({
      secret: ctx.box.seal(secret),
      previous_secret: row.secret,
      previous_secret_expires_at: isoAfterSeconds(ROTATION_OVERLAP_SECONDS),
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
  return { row: await getEndpoint(ctx, id), secret };
}

/** The secrets that sign now: the current one, then a rotated-out one still inside its overlap. */
export function signingSecrets(ctx: AppContext, row: EndpointRow, nowIso = isoNow()): string[] {
  const secrets = [ctx.box.open(row.secret)];
  if (row.previous_secret && row.previous_secret_expires_at && row.previous_secret_expires_at > nowIso) {
    secrets.push(ctx.box.open(row.previous_secret));
  }
  return secrets;
}
