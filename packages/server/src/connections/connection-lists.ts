// The read side of ConnectionService: ListConnections (by organization, by email domain, or the
// whole environment), ListOrganizationConnections and SearchOrganizationConnections (paginated).
import {
  ConnectionStatus,
  ConnectionType,
  type ConnectionService,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js';
import { sql } from 'kysely';
import { domainToASCII } from 'node:url';
import type { AppContext } from '../app-context.ts';
import { invalidArgument } from '../contract/api-error.ts';
import type { ServiceHandlers } from '../contract/service-registry.ts';
import { requireOrganization } from '../organizations/organization-service.ts';
import { keysetPage, pageTokens, type Page } from '../util/keyset-page.ts';
import { likePattern, lowerLike } from '../util/like-pattern.ts';
import { decodeCursor, pageSize } from '../util/page-token.ts';
import { toListConnection } from './connection-mapper.ts';
import * as store from './connection-store.ts';
import type { ConnectionRow } from './connection-store.ts';

type Handlers = Pick<
  ServiceHandlers<typeof ConnectionService>,
  'listConnections' | 'listOrganizationConnections' | 'searchOrganizationConnections'
>;

/** A domain as a lookup key: lower-case ASCII. Lenient, because an unknown domain just finds nothing. */
function domainKey(raw: string): string {
  const ascii = domainToASCII(raw.trim().replace(/\.$/, '').toLowerCase());
  if (!ascii || ascii.length > 253) throw invalidArgument('domain is not a domain name');
  return ascii;
}

export function listHandlers(ctx: AppContext): Handlers {
  async function summaries(rows: ConnectionRow[]) {
    const ids = rows.map((r) => r.id);
    const [domains, names] = await Promise.all([
      store.domainsOf(ctx.db, ids),
      store.organizationNames(
        ctx.db,
        rows.flatMap((r) => (r.organization_id ? [r.organization_id] : [])),
      ),
    ]);
    return rows.map((row) => toListConnection(row, domains, names));
  }

  /**
   * Connections that sign in users of this email domain: those of organizations that own the domain,
   * except a connection with assigned domains serves only those.
   */
  async function byDomain(raw: string): Promise<ConnectionRow[]> {
    const domain = domainKey(raw);
    const organizationIds = await store.organizationsWithDomain(ctx.db, domain);
    const rows = await store.listConnections(ctx.db, { organizationIds });
    const assigned = await store.domainsOf(
      ctx.db,
      rows.map((r) => r.id),
    );
    return rows.filter((row) => {
      const own = assigned.filter((d) => d.connection_id === row.id);
      return own.length === 0 || own.some((d) => d.domain === domain);
    });
  }

  async function paged(page: Page<ConnectionRow>) {
    return {
      connections: await summaries(page.rows),
      totalSize: page.total,
      ...pageTokens(page, (r) => r.id),
    };
  }

  return {
    /** `include` is accepted and ignored: every connection, enabled or not, is listed. */
    async listConnections(req) {
      let rows: ConnectionRow[];
      if (req.organizationId) {
        const org = await requireOrganization(ctx, req.organizationId);
        rows = await store.listConnections(ctx.db, { organizationId: org.id });
        if (req.domain) {
          const wanted = new Set((await byDomain(req.domain)).map((r) => r.id));
          rows = rows.filter((r) => wanted.has(r.id));
        }
      } else if (req.domain) {
        rows = await byDomain(req.domain);
      } else {
        rows = await store.listConnections(ctx.db, {});
      }
      return { connections: await summaries(rows) };
    },

    async listOrganizationConnections(req) {
      const query = ctx.db.selectFrom('connections').selectAll().where('organization_id', 'is not', null);
      return paged(await keysetPage(query, 'id', decodeCursor(req.pageToken), pageSize(req.pageSize)));
    },

    /** Matches the query against the connection id, its organization's id and name, and its button title. */
    async searchOrganizationConnections(req) {
      let query = ctx.db
        .selectFrom('connections')
        .leftJoin('organizations', 'organizations.id', 'connections.organization_id')
        .selectAll('connections')
        .where('connections.organization_id', 'is not', null);
      const text = req.query?.trim();
      if (text) {
        if (text.length > 200) throw invalidArgument('query is longer than 200 characters');
        const pattern = likePattern(text);
        query = query.where((eb) =>
          eb.or([
            eb('connections.id', '=', text),
            eb('connections.organization_id', '=', text),
            lowerLike('organizations.display_name', pattern) as never,
            lowerLike('connections.ui_button_title', pattern) as never,
          ]),
        );
      }
      if (req.provider)
        query = query.where(sql`upper(connections.provider)`, '=', req.provider.trim().toUpperCase());
      if (req.status !== undefined && req.status !== 0) {
        query = query.where('connections.status', '=', ConnectionStatus[req.status] ?? '?');
      }
      if (req.connectionType !== undefined && req.connectionType !== 0) {
        query = query.where('connections.type', '=', ConnectionType[req.connectionType] ?? '?');
      }
      if (req.enabled !== undefined) query = query.where('connections.enabled', '=', req.enabled ? 1 : 0);
      return paged(
        await keysetPage(query, 'connections.id', decodeCursor(req.pageToken), pageSize(req.pageSize)),
      );
    },
  };
}
