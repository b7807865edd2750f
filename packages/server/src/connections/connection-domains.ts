// AssignDomainsToConnection: the organization domains whose users this connection signs in. The call
// sets the whole list. A domain belongs to at most one connection, so home-realm discovery by email
// domain is never ambiguous; the unique index settles a race between two assignments.
import type { Kysely } from 'kysely';
import type { AppContext } from '../app-context.ts';
import { alreadyExists, invalidArgument, notFound } from '../contract/api-error.ts';
import { findInOrganization } from '../domains/domain-store.ts';
import { isUniqueViolation } from '../store/database.ts';
import type { Database } from '../store/schema.ts';
import type { ConnectionRow } from './connection-store.ts';

const MAX_DOMAINS = 100;

export async function assignDomains(
  ctx: AppContext,
  row: ConnectionRow,
  domainIds: string[],
  writeEvent: (trx: Kysely<Database>, row: ConnectionRow) => Promise<void>,
): Promise<void> {
  const organizationId = row.organization_id;
  if (organizationId === null) throw invalidArgument('only organization connections have domains');
  const ids = [...new Set(domainIds.map((id) => id.trim()).filter(Boolean))];
  if (ids.length > MAX_DOMAINS) throw invalidArgument(`at most ${MAX_DOMAINS} domains per connection`);
  for (const id of ids) {
    if (!(await findInOrganization(ctx.db, organizationId, id))) {
      throw notFound(`domain ${id} not found in organization ${organizationId}`);
    }
  }
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('connection_domains').where('connection_id', '=', row.id).execute();
      if (ids.length > 0) {
        const taken = await trx
          .selectFrom('connection_domains')
          .select(['domain_id', 'connection_id'])
          .where('domain_id', 'in', ids)
          .executeTakeFirst();
        if (taken) {
          throw alreadyExists(
            `domain ${taken.domain_id} is already assigned to connection ${taken.connection_id}`,
          );
        }
        await trx
          .insertInto('connection_domains')
          .values(ids.map((domain_id) => ({ connection_id: row.id, domain_id })))
          .execute();
      }
      await writeEvent(trx, row);
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw alreadyExists('a domain was assigned to another connection meanwhile');
    throw error;
  }
}
