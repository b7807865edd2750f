// OrganizationService: create, read, list, search, update and delete organizations. Each change
// writes its event in the same transaction.
import type { OrganizationService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/organizations/organizations_pb.js';
import type { AppContext } from '../app-context.ts';
import { alreadyExists, invalidArgument, notFound } from '../contract/api-error.ts';
import type { ServiceHandlers } from '../contract/service-registry.ts';
import { appendEvent } from '../events/event-log.ts';
import { isUniqueViolation } from '../store/database.ts';
import { decodeCursor, encodeCursor, pageSize } from '../util/page-token.ts';
import { isoNow } from '../util/time.ts';
import { recordMembershipsDeletedWithOrganization } from '../users/organization-cleanup.ts';
import * as input from './organization-input.ts';
import { insertOrganization, newOrganizationRow } from './organization-create.ts';
import { organizationEventData, toOrganization } from './organization-mapper.ts';
import * as store from './organization-store.ts';
import type { OrganizationRow } from './organization-store.ts';

type Handlers = ServiceHandlers<typeof OrganizationService>;

/** Resolves the oneof `identities` (id or external_id) that several requests carry. */
export async function loadOrganization(
  ctx: AppContext,
  identities: { case: 'id' | 'externalId'; value: string } | { case: undefined; value?: undefined },
): Promise<OrganizationRow> {
  if (!identities.case || !identities.value) throw invalidArgument('id or external_id is required');
  const row =
    identities.case === 'id'
      ? await store.findById(ctx.db, identities.value)
      : await store.findByExternalId(ctx.db, identities.value);
  if (!row) throw notFound(`organization ${identities.value} not found`);
  return row;
}

export async function requireOrganization(ctx: AppContext, id: string): Promise<OrganizationRow> {
  return loadOrganization(ctx, { case: 'id', value: input.requiredId(id, 'organization id') });
}

function duplicateExternalId(error: unknown, externalId: string | null): never {
  if (isUniqueViolation(error))
    throw alreadyExists(`an organization with external_id ${externalId} already exists`);
  throw error;
}

export function organizationHandlers(ctx: AppContext): Handlers {
  return {
    async createOrganization(req) {
      const org = req.organization;
      if (!org) throw invalidArgument('organization is required');
      const row = newOrganizationRow({
        display_name: input.displayName(org.displayName),
        external_id: input.externalId(org.externalId),
        slug: input.slug(org.slug),
        logo_url: input.logoUrl(org.logoUrl),
        region_code: org.regionCode,
        metadata: JSON.stringify(input.metadata(org.metadata)),
      });
      await ctx.db
        .transaction()
        .execute((trx) => insertOrganization(trx, ctx.environmentId, row))
        .catch((error: unknown) => duplicateExternalId(error, row.external_id));
      return { organization: toOrganization(row) };
    },

    async getOrganization(req) {
      return { organization: toOrganization(await loadOrganization(ctx, req.identities)) };
    },

    async getOrganizationByExternalId(req) {
      return { organization: toOrganization(await loadOrganization(ctx, req.identities)) };
    },

    async listOrganization(req) {
      const size = pageSize(req.pageSize);
      const query = store.filtered(ctx.db, { externalId: req.externalId || undefined });
      const cursor = decodeCursor(req.pageToken);
      const page = await store.page(query, cursor, size);
      return { organizations: page.rows.map(toOrganization), totalSize: page.total, ...pageTokens(page) };
    },

    async searchOrganization(req) {
      const query = req.query.trim();
      if (query.length < 1 || query.length > 256) throw invalidArgument('query must be 1-256 characters');
      const size = pageSize(req.pageSize);
      const page = await store.page(store.filtered(ctx.db, { query }), decodeCursor(req.pageToken), size);
      return { organizations: page.rows.map(toOrganization), totalSize: page.total, ...pageTokens(page) };
    },

    async updateOrganization(req) {
      const current = await loadOrganization(ctx, req.identities);
      const patch = req.organization;
      if (!patch) throw invalidArgument('organization is required');
      const mask = new Set(req.updateMask?.paths ?? []);
      // Without a mask, a field counts as sent when it is present (optional fields) or non-empty (maps).
      const sent = (path: string, present: boolean) => (mask.size > 0 ? mask.has(path) : present);
      const next: OrganizationRow = { ...current, updated_at: isoNow() };
      if (sent('display_name', patch.displayName !== undefined))
        next.display_name = input.displayName(patch.displayName);
      if (sent('external_id', patch.externalId !== undefined))
        next.external_id = input.externalId(patch.externalId);
      if (sent('slug', patch.slug !== undefined)) next.slug = input.slug(patch.slug);
      if (sent('logo_url', patch.logoUrl !== undefined)) next.logo_url = input.logoUrl(patch.logoUrl);
      if (sent('metadata', Object.keys(patch.metadata).length > 0)) {
        next.metadata = JSON.stringify(input.metadata(patch.metadata));
      }
      for (const path of mask) {
        if (!['display_name', 'external_id', 'slug', 'logo_url', 'metadata'].includes(path)) {
          throw invalidArgument(`update_mask path "${path}" is not an updatable field`);
        }
      }
      await ctx.db
        .transaction()
        .execute(async (trx) => {
          await trx
            .updateTable('organizations')
            .set(store.savedColumns(next))
            .where('id', '=', current.id)
            .execute();
          await appendEvent(trx, ctx.environmentId, {
            type: 'organization.updated',
            organizationId: current.id,
            object: 'Organization',
            data: organizationEventData(next),
          });
        })
        .catch((error: unknown) => duplicateExternalId(error, next.external_id));
      return { organization: toOrganization(next) };
    },

    async deleteOrganization(req) {
      const row = await loadOrganization(ctx, req.identities);
      const clients = await ctx.db.transaction().execute(async (trx) => {
        await trx.deleteFrom('portal_links').where('organization_id', '=', row.id).execute();
        // Its M2M clients go with it (their secrets cascade), so none keeps minting tokens for it.
        const gone = await trx
          .deleteFrom('api_clients')
          .where('kind', '=', 'organization')
          .where('organization_id', '=', row.id)
          .returning('id')
          .execute();
        // Memberships cascade with the organization; their events are written before they go.
        await recordMembershipsDeletedWithOrganization(trx, ctx.environmentId, row.id);
        await trx.deleteFrom('organizations').where('id', '=', row.id).execute();
        await appendEvent(trx, ctx.environmentId, {
          type: 'organization.deleted',
          organizationId: row.id,
          object: 'Organization',
          data: organizationEventData(row),
        });
        return gone;
      });
      for (const { id } of clients) ctx.clients.forget(id);
      return {};
    },
  };
}

function pageTokens(page: store.Page<OrganizationRow>): { nextPageToken: string; prevPageToken: string } {
  const first = page.rows[0];
  const last = page.rows[page.rows.length - 1];
  return {
    nextPageToken: page.hasNext && last ? encodeCursor({ direction: 'next', id: last.id }) : '',
    prevPageToken: page.hasPrev && first ? encodeCursor({ direction: 'prev', id: first.id }) : '',
  };
}
