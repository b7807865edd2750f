// Queries over mail_messages: the record of every message the platform sent or kept.
import type { Kysely, Selectable } from 'kysely';
import type { Database, MailMessageTable } from '../store/schema.ts';
import { isoNow } from '../util/time.ts';

export type MailRow = Selectable<MailMessageTable>;

export async function recordMessage(db: Kysely<Database>, row: MailRow): Promise<void> {
  await db.insertInto('mail_messages').values(row).execute();
}

export async function markSent(db: Kysely<Database>, id: string): Promise<void> {
  await db
    .updateTable('mail_messages')
    .set({ status: 'sent', sent_at: isoNow(), error: null })
    .where('id', '=', id)
    .execute();
}

export async function markFailed(db: Kysely<Database>, id: string, error: string): Promise<void> {
  await db.updateTable('mail_messages').set({ status: 'failed', error }).where('id', '=', id).execute();
}

/** The newest messages first (ids are time-ordered). */
export function recentMessages(db: Kysely<Database>, limit: number): Promise<MailRow[]> {
  return db.selectFrom('mail_messages').selectAll().orderBy('id', 'desc').limit(limit).execute();
}

export function findMessage(db: Kysely<Database>, id: string): Promise<MailRow | undefined> {
  return db.selectFrom('mail_messages').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Messages to one address, newest first: what a test or a support tool looks for. */
export function messagesTo(db: Kysely<Database>, address: string): Promise<MailRow[]> {
  return db
    .selectFrom('mail_messages')
    .selectAll()
    .where('to_address', '=', address)
    .orderBy('id', 'desc')
    .execute();
}
