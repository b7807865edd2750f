// The organization's user-management limit (settings.max_allowed_users): a new membership is refused
// once the organization has that many members. On PostgreSQL the organization row is locked for the
// rest of the transaction, so two concurrent additions cannot both see room for one more; SQLite
// runs one write transaction at a time, which gives the same guarantee. The members are the row's
// member_count (exact, kept by every membership write), read under that lock: no count(*).
import type { Kysely } from 'kysely';
import { ApiError, notFound } from '../contract/api-error.ts';
import type { Engine } from '../store/database.ts';
import type { Database } from '../store/schema.ts';

function limitOf(userManagement: string): number | undefined {
  const { maxAllowedUsers } = JSON.parse(userManagement) as { maxAllowedUsers?: number };
  return typeof maxAllowedUsers === 'number' ? maxAllowedUsers : undefined;
}

/** Call inside the transaction that adds the membership, before adding it. */
export async function ensureRoomForMember(
  trx: Kysely<Database>,
  engine: Engine,
  organizationId: string,
): Promise<void> {
  const read = () =>
    trx
      .selectFrom('organizations')
      .select(['user_management', 'member_count'])
      .where('id', '=', organizationId);
  const org = await read().executeTakeFirst();
  if (!org) throw notFound(`organization ${organizationId} not found`);
  if (limitOf(org.user_management) === undefined) return;
  // Only organizations with a limit pay for the lock; the limit and the count are re-read under it.
  const locked = engine === 'postgres' ? await read().forUpdate().executeTakeFirst() : org;
  const max = locked ? limitOf(locked.user_management) : undefined;
  if (!locked || max === undefined) return;
  if (Number(locked.member_count) >= max) {
    throw new ApiError(
      'FAILED_PRECONDITION',
      `organization ${organizationId} has reached its limit of ${max} users (settings.max_allowed_users)`,
    );
  }
}
