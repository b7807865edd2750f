// Hands what the IdP proved from the ACS to the interaction it belongs to. The ACS is a cross-site
// POST, so the browser does not send the interaction's SameSite=Lax cookie there; the result waits
// here under a random one-time token and the browser carries the token, in a top-level GET (which
// does send the cookie), to /interaction/:uid/sso. Only that interaction may take it, once, within
// two minutes; only the token's hash is stored.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { isoAfterSeconds, isoNow } from '../util/time.ts';
import type { SamlProfile } from './saml/saml-response.ts';

export const HANDOFF_LIFETIME_SECONDS = 120;

export interface SsoResult {
  connectionId: string;
  profile: SamlProfile;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** Stores the result and returns the token that takes it. */
export async function storeSsoResult(
  db: Kysely<Database>,
  interactionUid: string,
  result: SsoResult,
): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  // Expired results can no longer be taken; the server's sweeper deletes them (ops/prune-expired.ts).
  await db
    .insertInto('sso_results')
    .values({
      token_hash: hashOf(token),
      interaction_uid: interactionUid,
      connection_id: result.connectionId,
      profile: JSON.stringify(result.profile),
      created_at: isoNow(),
      expires_at: isoAfterSeconds(HANDOFF_LIFETIME_SECONDS),
      consumed_at: null,
    })
    .execute();
  return token;
}

/**
 * Takes the result once: a single conditional UPDATE, so two requests racing with one token cannot
 * both win. Undefined when unknown, for another interaction, expired or already taken.
 */
export async function consumeSsoResult(
  db: Kysely<Database>,
  interactionUid: string,
  token: string,
): Promise<SsoResult | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const tokenHash = hashOf(token);
  const now = isoNow();
  const updated = await db
    .updateTable('sso_results')
    .set({ consumed_at: now })
    .where('token_hash', '=', tokenHash)
    .where('interaction_uid', '=', interactionUid)
    .where('consumed_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) return undefined;
  const row = await db
    .selectFrom('sso_results')
    .select(['connection_id', 'profile'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirstOrThrow();
  return { connectionId: row.connection_id, profile: JSON.parse(row.profile) as SamlProfile };
}
