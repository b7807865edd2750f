// Client secrets, shared by organization M2M clients and environment clients. A secret is a random
// 256-bit value returned once, by the call that makes it; only its SHA-256 and last four characters
// are stored, so neither the database nor any later answer can give it back.
import type { Kysely } from 'kysely';
import { newId, newSecret } from '../store/ids.ts';
import type { Database } from '../store/schema.ts';
import { sha256Hex } from '../util/hash.ts';
import { isoNow } from '../util/time.ts';
import type { SecretRow } from './org-client-store.ts';

// Enough to rotate without downtime (add, deploy, remove) while bounding a leaked-admin blast radius.
export const MAX_SECRETS = 5;

/** Inserts a new live secret for the client; the plain value is for the caller's answer only. */
export async function newSecretRow(
  trx: Kysely<Database>,
  clientId: string,
): Promise<{ row: SecretRow; plainSecret: string }> {
  const plainSecret = `ghs_${newSecret()}`;
  const row: SecretRow = {
    id: newId('sks'),
    client_id: clientId,
    secret_suffix: plainSecret.slice(-4),
    created_at: isoNow(),
    expires_at: null,
  };
  await trx
    .insertInto('client_secrets')
    .values({ ...row, secret_hash: sha256Hex(plainSecret), revoked_at: null })
    .execute();
  return { row, plainSecret };
}
