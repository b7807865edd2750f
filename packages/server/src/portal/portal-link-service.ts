// Admin-portal links: single-use URLs, valid for a minute by default, that let a customer's IT admin
// into the portal for their organization. The token is stored as a SHA-256 hash (lookup on open);
// the full URL is kept sealed so GetPortalLinks can show live links to the API caller again.
import type { OrganizationService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/organizations/organizations_pb.js';
import type { AppContext } from '../app-context.ts';
import { notFound } from '../contract/api-error.ts';
import type { ServiceHandlers } from '../contract/service-registry.ts';
import { appendEvent } from '../events/event-log.ts';
import { requireOrganization } from '../organizations/organization-service.ts';
import type { Kysely } from 'kysely';
import type { Database, PortalLinkTable } from '../store/schema.ts';
import { newId, newSecret } from '../store/ids.ts';
import { sha256Hex } from '../util/hash.ts';
import { isoAfterSeconds, isoNow, toTimestamp } from '../util/time.ts';

type Handlers = ServiceHandlers<typeof OrganizationService>;

// Feature enum numbers of the contract: 1 = dir_sync, 2 = sso.
const FEATURE_NAMES: Record<number, string> = { 1: 'dir_sync', 2: 'sso' };

export const PORTAL_LINK_PATH = '/portal/links/';

function toLink(ctx: AppContext, row: PortalLinkTable) {
  return { id: row.id, location: ctx.box.open(row.location), expireTime: toTimestamp(row.expires_at) };
}

export function portalLinkHandlers(ctx: AppContext): Handlers {
  return {
    async generatePortalLink(req) {
      const org = await requireOrganization(ctx, req.id);
      const features = new Set(req.features.map((f) => FEATURE_NAMES[f]).filter((f) => f !== undefined));
      if (req.sso) features.add('sso');
      if (req.directorySync) features.add('dir_sync');
      // No feature named means the portal shows everything the organization has.
      if (features.size === 0) ['sso', 'dir_sync'].forEach((f) => features.add(f));
      const token = newSecret();
      const row: PortalLinkTable = {
        id: newId('lnk'),
        organization_id: org.id,
        token_hash: sha256Hex(token),
        location: ctx.box.seal(`${ctx.config.publicUrl}${PORTAL_LINK_PATH}${token}`),
        features: JSON.stringify([...features]),
        created_at: isoNow(),
        expires_at: isoAfterSeconds(ctx.config.portalLinkTtlSeconds),
        used_at: null,
      };
      await ctx.db.transaction().execute(async (trx) => {
        await trx.insertInto('portal_links').values(row).execute();
        await appendEvent(trx, ctx.environmentId, {
          type: 'organization.portal_link_created',
          organizationId: org.id,
          object: 'PortalLink',
          data: {
            portal_link: {
              id: row.id,
              organization_id: org.id,
              features: [...features],
              expire_time: row.expires_at,
            },
          },
        });
      });
      return { link: toLink(ctx, row) };
    },

    async getPortalLinks(req) {
      const org = await requireOrganization(ctx, req.id);
      const rows = await ctx.db
        .selectFrom('portal_links')
        .selectAll()
        .where('organization_id', '=', org.id)
        .where('used_at', 'is', null)
        .where('expires_at', '>', isoNow())
        .orderBy('id')
        .execute();
      return { links: rows.map((row) => toLink(ctx, row)) };
    },

    async deletePortalLink(req) {
      const org = await requireOrganization(ctx, req.id);
      await deleteLinks(ctx, org.id, undefined);
      return {};
    },

    async deletePortalLinkByID(req) {
      const org = await requireOrganization(ctx, req.id);
      const deleted = await deleteLinks(ctx, org.id, req.linkId);
      if (deleted === 0) throw notFound(`portal link ${req.linkId} not found`);
      return {};
    },
  };
}

async function deleteLinks(
  ctx: AppContext,
  organizationId: string,
  linkId: string | undefined,
): Promise<number> {
  return ctx.db.transaction().execute(async (trx) => {
    let q = trx.deleteFrom('portal_links').where('organization_id', '=', organizationId);
    if (linkId !== undefined) q = q.where('id', '=', linkId);
    const result = await q.executeTakeFirst();
    const count = Number(result.numDeletedRows);
    if (count > 0) {
      await appendEvent(trx, ctx.environmentId, {
        type: 'organization.portal_link_deleted',
        organizationId,
        object: 'PortalLink',
        data: { portal_link: { id: linkId ?? null, organization_id: organizationId, deleted: count } },
      });
    }
    return count;
  });
}

/**
 * Consumes a link atomically: of two instances opening the same link at once, exactly one wins.
 * Returns the organization and features it opens, or undefined for an unknown, used or expired link.
 */
export async function consumePortalLink<T = undefined>(
  ctx: AppContext,
  token: string,
  /** Runs in the consuming transaction (the portal session starts there, or not at all). */
  then?: (trx: Kysely<Database>, link: ConsumedLink) => Promise<T>,
): Promise<(ConsumedLink & { started: T | undefined }) | undefined> {
  const now = isoNow();
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .updateTable('portal_links')
      .set({ used_at: now })
      .where('token_hash', '=', sha256Hex(token))
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning(['id', 'organization_id', 'features'])
      .executeTakeFirst();
    if (!row) return undefined;
    const features = JSON.parse(row.features) as string[];
    await appendEvent(trx, ctx.environmentId, {
      type: 'organization.portal_link_used',
      organizationId: row.organization_id,
      object: 'PortalLink',
      data: { portal_link: { id: row.id, organization_id: row.organization_id, features, used_at: now } },
    });
    const link = { linkId: row.id, organizationId: row.organization_id, features };
    return { ...link, started: then ? await then(trx, link) : undefined };
  });
}

export interface ConsumedLink {
  linkId: string;
  organizationId: string;
  features: string[];
}
