// First-start set-up: the environment id and the first environment API client. A settings row acts
// as a once-only latch, so of several instances starting together on one database only one creates
// the client.
import type { Kysely } from 'kysely';
import type { ApiClients, CreatedClient } from '../auth/api-clients.ts';
import type { Database } from '../store/schema.ts';
import { newId } from '../store/ids.ts';

export async function ensureEnvironmentId(db: Kysely<Database>): Promise<string> {
  await db
    .insertInto('settings')
    .values({ key: 'environment_id', value: newId('env') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', 'environment_id')
    .executeTakeFirstOrThrow();
  return row.value;
}

/** Creates the first environment client when none exists; returns it (with its secret) only then. */
export async function ensureFirstClient(
  db: Kysely<Database>,
  clients: ApiClients,
  fixed: { id?: string; secret?: string },
): Promise<CreatedClient | undefined> {
  const latch = await db
    .insertInto('settings')
    .values({ key: 'bootstrap_client_created', value: new Date().toISOString() })
    .onConflict((oc) => oc.column('key').doNothing())
    .executeTakeFirst();
  if (Number(latch.numInsertedOrUpdatedRows ?? 0) === 0) return undefined;
  return clients.create({
    kind: 'environment',
    name: 'Default environment client',
    id: fixed.id,
    secret: fixed.secret,
  });
}
