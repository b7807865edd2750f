// The database side of environment clients (applications): rows of api_clients of kind
// 'environment' and all their secrets, active and inactive. Every lookup is scoped to the kind, so an
// organization's M2M client is not found here (it is managed under its organization).
import type { Kysely, Selectable } from 'kysely';
import type { Engine } from '../store/database.ts';
import type { ApiClientTable, ClientSecretTable, Database } from '../store/schema.ts';
import { keysetPage, type Page } from '../util/keyset-page.ts';
import type { Cursor } from '../util/page-token.ts';

export type ApplicationRow = Selectable<ApiClientTable>;
export type ApplicationSecretRow = Pick<
  Selectable<ClientSecretTable>,
  'id' | 'client_id' | 'secret_suffix' | 'created_at' | 'expires_at' | 'revoked_at'
>;

export async function findApplication(
  db: Kysely<Database>,
  clientId: string,
): Promise<ApplicationRow | undefined> {
  return db
    .selectFrom('api_clients')
    .selectAll()
    .where('id', '=', clientId)
    .where('kind', '=', 'environment')
    .executeTakeFirst();
}

/**
 * Re-reads the application inside a transaction that changes it or its secrets. On PostgreSQL the
 * row stays locked until commit, so two concurrent secret deletions cannot both see "one more
 * active secret left" and leave none; SQLite runs one write transaction at a time.
 */
export async function lockApplication(
  trx: Kysely<Database>,
  engine: Engine,
  clientId: string,
): Promise<ApplicationRow | undefined> {
  let query = trx
    .selectFrom('api_clients')
    .selectAll()
    .where('id', '=', clientId)
    .where('kind', '=', 'environment');
  if (engine === 'postgres') query = query.forUpdate();
  return query.executeTakeFirst();
}

/** Every secret of the given clients, inactive ones included, oldest first (never their hashes). */
export async function allSecretsOf(
  db: Kysely<Database>,
  clientIds: string[],
): Promise<ApplicationSecretRow[]> {
  if (clientIds.length === 0) return [];
  return db
    .selectFrom('client_secrets')
    .select(['id', 'client_id', 'secret_suffix', 'created_at', 'expires_at', 'revoked_at'])
    .where('client_id', 'in', clientIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** A secret /oauth/token accepts: not deactivated and not expired. */
export function isUsable(secret: ApplicationSecretRow, now: string): boolean {
  return secret.revoked_at === null && (secret.expires_at === null || secret.expires_at > now);
}

export async function pageOfApplications(
  db: Kysely<Database>,
  clientTypes: string[],
  cursor: Cursor | undefined,
  size: number,
): Promise<Page<ApplicationRow>> {
  let query = db.selectFrom('api_clients').selectAll().where('kind', '=', 'environment');
  if (clientTypes.length > 0) query = query.where('client_type', 'in', clientTypes);
  return keysetPage(query, 'id', cursor, size);
}
