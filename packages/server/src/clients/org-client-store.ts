// The database side of organization M2M clients: rows of api_clients (kind 'organization') and
// their client_secrets. Every lookup is scoped to the organization, so a client of another
// organization is indistinguishable from one that does not exist.
import type { Kysely, Selectable } from 'kysely';
import type { ApiClientTable, ApplicationColumns, ClientSecretTable, Database } from '../store/schema.ts';
import type { Cursor } from '../util/page-token.ts';
import { keysetPage, type Page } from '../util/keyset-page.ts';

// An organization client is not an OAuth application: the application columns stay at their defaults.
export type ClientRow = Selectable<Omit<ApiClientTable, keyof ApplicationColumns>>;
export type SecretRow = Pick<
  Selectable<ClientSecretTable>,
  'id' | 'client_id' | 'secret_suffix' | 'created_at' | 'expires_at'
>;

export async function findClient(
  db: Kysely<Database>,
  organizationId: string,
  clientId: string,
): Promise<ClientRow | undefined> {
  return db
    .selectFrom('api_clients')
    .selectAll()
    .where('id', '=', clientId)
    .where('kind', '=', 'organization')
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
}

/** The live secrets of the given clients, oldest first (never their hashes). */
export async function secretsOf(db: Kysely<Database>, clientIds: string[]): Promise<SecretRow[]> {
  if (clientIds.length === 0) return [];
  return db
    .selectFrom('client_secrets')
    .select(['id', 'client_id', 'secret_suffix', 'created_at', 'expires_at'])
    .where('client_id', 'in', clientIds)
    .where('revoked_at', 'is', null)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function pageOfClients(
  db: Kysely<Database>,
  organizationId: string,
  cursor: Cursor | undefined,
  size: number,
): Promise<Page<ClientRow>> {
  const query = db
    .selectFrom('api_clients')
    .selectAll()
    .where('kind', '=', 'organization')
    .where('organization_id', '=', organizationId);
  return keysetPage(query, 'id', cursor, size);
}
