// Queries over passwordless_requests. Every step that spends something — a guess, the request
// itself, a resend — is one conditional UPDATE, so two instances can never both accept one code or
// link, and parallel guesses cannot exceed the limit on wrong codes.
import { type Kysely, type Selectable, sql } from 'kysely';
import type { PasswordlessRequestTable } from '../credentials/credential-tables.ts';
import type { Database } from '../store/schema.ts';

export type RequestRow = Selectable<PasswordlessRequestTable>;
type NewRequest = Omit<RequestRow, 'attempts' | 'resends'>;

export async function insertRequest(db: Kysely<Database>, row: NewRequest): Promise<void> {
  await db.insertInto('passwordless_requests').values(row).execute();
}

export function findRequest(db: Kysely<Database>, id: string): Promise<RequestRow | undefined> {
  return db.selectFrom('passwordless_requests').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findByLinkHash(db: Kysely<Database>, linkHash: string): Promise<RequestRow | undefined> {
  return db
    .selectFrom('passwordless_requests')
    .selectAll()
    .where('link_token_hash', '=', linkHash)
    .executeTakeFirst();
}

/**
 * Spends one guess of a live request that has a code, and returns the request as it now is (with
 * the code hash to compare against), or undefined when no guess may be made.
 */
export function spendGuess(
  db: Kysely<Database>,
  id: string,
  now: string,
  maxWrong: number,
): Promise<RequestRow | undefined> {
  return db
    .updateTable('passwordless_requests')
    .set({ attempts: sql`attempts + 1` })
    .where('id', '=', id)
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', now)
    .where('attempts', '<', maxWrong)
    .where('code_hash', 'is not', null)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Consumes the request a right code was given for, and gives back the guess it spent (attempts
 * counts wrong codes). Requires the code hash still to be the one compared: a resend in between
 * replaced the code, and the old one must not win.
 */
export function consumeWithCode(
  db: Kysely<Database>,
  id: string,
  codeHash: string,
  now: string,
): Promise<RequestRow | undefined> {
  return db
    .updateTable('passwordless_requests')
    .set({ consumed_at: now, attempts: sql`attempts - 1` })
    .where('id', '=', id)
    .where('code_hash', '=', codeHash)
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst();
}

/** Consumes the live request a link token belongs to (and that `id` names, when given). */
export function consumeWithLink(
  db: Kysely<Database>,
  linkHash: string,
  id: string | undefined,
  now: string,
  maxWrong: number,
): Promise<RequestRow | undefined> {
  let q = db
    .updateTable('passwordless_requests')
    .set({ consumed_at: now })
    .where('link_token_hash', '=', linkHash)
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', now)
    .where('attempts', '<', maxWrong);
  if (id !== undefined) q = q.where('id', '=', id);
  return q.returningAll().executeTakeFirst();
}

export interface Renewal {
  code_hash: string | null;
  link_token_hash: string | null;
  expires_at: string;
  last_sent_at: string;
}

/** Replaces the credentials of a request read as `seen`, if nobody changed or used it meanwhile. */
export async function renew(
  db: Kysely<Database>,
  seen: RequestRow,
  change: Renewal,
  maxWrong: number,
): Promise<boolean> {
  const result = await db
    .updateTable('passwordless_requests')
    .set({ ...change, resends: sql`resends + 1` })
    .where('id', '=', seen.id)
    .where('consumed_at', 'is', null)
    .where('attempts', '<', maxWrong)
    .where('resends', '=', seen.resends)
    .where('last_sent_at', '=', seen.last_sent_at)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Drops requests that expired more than `keepMs` ago; nothing can use them any more. */
export async function sweepExpired(db: Kysely<Database>, now: number, keepMs: number): Promise<void> {
  await db
    .deleteFrom('passwordless_requests')
    .where('expires_at', '<', new Date(now - keepMs).toISOString())
    .execute();
}
