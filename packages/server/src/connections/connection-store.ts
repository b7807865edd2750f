// Queries over connections and connection_domains. Knows rows and SQL, nothing of protobuf or HTTP.
import type { Kysely, Selectable } from 'kysely';
import type { DomainRow } from '../domains/domain-store.ts';
import type { Database } from '../store/schema.ts';
import type { ConnectionTable } from './connection-tables.ts';

export type ConnectionRow = Selectable<ConnectionTable>;

/** A connection where the caller says it is: in that organization, or at environment level (null). */
export function findConnection(
  db: Kysely<Database>,
  organizationId: string | null,
  id: string,
): Promise<ConnectionRow | undefined> {
  let query = db.selectFrom('connections').selectAll().where('id', '=', id);
  query =
    organizationId === null
      ? query.where('organization_id', 'is', null)
      : query.where('organization_id', '=', organizationId);
  return query.executeTakeFirst();
}

/**
 * A connection by id alone: the caller checks scope or usability itself (the portal, connection
 * tests, the SSO return legs whose path names the connection).
 */
export function findConnectionById(db: Kysely<Database>, id: string): Promise<ConnectionRow | undefined> {
  return db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface ConnectionFilter {
  organizationId?: string | undefined;
  /** Only connections of these organizations. */
  organizationIds?: string[] | undefined;
}

export function listConnections(db: Kysely<Database>, filter: ConnectionFilter): Promise<ConnectionRow[]> {
  let query = db.selectFrom('connections').selectAll();
  if (filter.organizationId !== undefined) query = query.where('organization_id', '=', filter.organizationId);
  if (filter.organizationIds !== undefined) {
    if (filter.organizationIds.length === 0) return Promise.resolve([]);
    query = query.where('organization_id', 'in', filter.organizationIds);
  }
  return query.orderBy('id').limit(1000).execute();
}

export type AssignedDomain = DomainRow & { connection_id: string };

/** The domains assigned to the given connections, with their names. */
export async function domainsOf(db: Kysely<Database>, connectionIds: string[]): Promise<AssignedDomain[]> {
  if (connectionIds.length === 0) return [];
  return db
    .selectFrom('connection_domains')
    .innerJoin('domains', 'domains.id', 'connection_domains.domain_id')
    .selectAll('domains')
    .select('connection_domains.connection_id')
    .where('connection_domains.connection_id', 'in', connectionIds)
    .orderBy('domains.domain')
    .execute();
}

/** Organizations that hold a domain of this name (any verification state). */
export async function organizationsWithDomain(db: Kysely<Database>, domain: string): Promise<string[]> {
  const rows = await db
    .selectFrom('domains')
    .select('organization_id')
    .where('domain', '=', domain)
    .execute();
  return [...new Set(rows.map((r) => r.organization_id))];
}

export async function organizationNames(db: Kysely<Database>, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('organizations')
    .select(['id', 'display_name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}
