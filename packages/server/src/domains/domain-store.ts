// Queries over the domains table. Knows rows and SQL, nothing of protobuf or HTTP.
import type { Kysely, Selectable } from 'kysely';
import type { Database, DomainTable } from '../store/schema.ts';

export type DomainRow = Selectable<DomainTable>;

/** A domain of one organization: another organization's domain id is as unknown as a made-up one. */
export function findInOrganization(
  db: Kysely<Database>,
  organizationId: string,
  id: string,
): Promise<DomainRow | undefined> {
  return db
    .selectFrom('domains')
    .selectAll()
    .where('id', '=', id)
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
}

/** One page of an organization's domains in creation (id) order, optionally of one type. */
export function listPage(
  db: Kysely<Database>,
  organizationId: string,
  filter: { domainType: number | undefined; offset: number; limit: number },
): Promise<DomainRow[]> {
  let query = db.selectFrom('domains').selectAll().where('organization_id', '=', organizationId);
  if (filter.domainType !== undefined) query = query.where('domain_type', '=', filter.domainType);
  return query.orderBy('id').limit(filter.limit).offset(filter.offset).execute();
}

export async function insertDomain(db: Kysely<Database>, row: DomainRow): Promise<void> {
  await db.insertInto('domains').values(row).execute();
}

export async function deleteDomain(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('domains').where('id', '=', id).execute();
}

/**
 * Moves a domain from `from` to `to` status; undefined when it was no longer in `from` (another
 * request or instance got there first), so exactly one caller writes the event.
 */
export function transitionStatus(
  db: Kysely<Database>,
  id: string,
  from: number,
  to: { status: number; verifiedAt: string },
): Promise<DomainRow | undefined> {
  return db
    .updateTable('domains')
    .set({ verification_status: to.status, verified_at: to.verifiedAt, updated_at: to.verifiedAt })
    .where('id', '=', id)
    .where('verification_status', '=', from)
    .returningAll()
    .executeTakeFirst();
}
