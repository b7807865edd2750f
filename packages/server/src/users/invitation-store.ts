// Queries over invitations. A membership has at most one invitation row: resending renews it (new
// token, new expiry) rather than adding another, so an old link stops working the moment a new one
// is sent. Acceptance is one conditional UPDATE, so a link is accepted at most once, even by two
// server instances racing on the same click.
import type { Kysely, Selectable } from 'kysely';
import type { Database, InvitationTable } from '../store/schema.ts';

export type InvitationRow = Selectable<InvitationTable>;

export async function insert(db: Kysely<Database>, row: InvitationRow): Promise<void> {
  await db.insertInto('invitations').values(row).execute();
}

export function forMembership(
  db: Kysely<Database>,
  membershipId: string,
): Promise<InvitationRow | undefined> {
  return db
    .selectFrom('invitations')
    .selectAll()
    .where('membership_id', '=', membershipId)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
}

export function forMemberships(db: Kysely<Database>, membershipIds: string[]): Promise<InvitationRow[]> {
  if (membershipIds.length === 0) return Promise.resolve([]);
  return db.selectFrom('invitations').selectAll().where('membership_id', 'in', membershipIds).execute();
}

export function findByTokenHash(db: Kysely<Database>, tokenHash: string): Promise<InvitationRow | undefined> {
  return db.selectFrom('invitations').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** A new token and expiry for an invitation not yet accepted; undefined when it was accepted meanwhile. */
export function renew(
  db: Kysely<Database>,
  id: string,
  change: { token_hash: string; expires_at: string; resent_at: string },
): Promise<InvitationRow | undefined> {
  return db
    .updateTable('invitations')
    .set((eb) => ({ ...change, status: 'pending', resent_count: eb('resent_count', '+', 1) }))
    .where('id', '=', id)
    .where('status', '!=', 'accepted')
    .returningAll()
    .executeTakeFirst();
}

/** Consumes a pending, unexpired invitation by its token hash; undefined when there is none. */
export function accept(
  db: Kysely<Database>,
  tokenHash: string,
  now: string,
): Promise<InvitationRow | undefined> {
  return db
    .updateTable('invitations')
    .set({ status: 'accepted', accepted_at: now })
    .where('token_hash', '=', tokenHash)
    .where('status', '=', 'pending')
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst();
}
