// organizations.member_count: the exact number of memberships of an organization, so that a member
// list's total_size is one column instead of a count(*) over every member. The count changes only
// here, by relative updates (`member_count + 1`) inside the transaction that inserts or deletes the
// membership: it commits or rolls back with the rows, and concurrent writers never overwrite each
// other's change (PostgreSQL re-reads the row under its lock; SQLite has one writer at a time).
import { sql, type Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';

/** Call in the transaction that inserted (+1) or deleted (-1) memberships of the organization. */
export async function adjustMemberCount(
  trx: Kysely<Database>,
  organizationId: string,
  delta: number,
): Promise<void> {
  if (delta === 0) return;
  await trx
    .updateTable('organizations')
    .set({ member_count: sql<number>`member_count + ${delta}` })
    .where('id', '=', organizationId)
    .execute();
}
