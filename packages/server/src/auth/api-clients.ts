// API clients and their secrets. Secrets are random 256-bit values shown once; we keep only their
// SHA-256 and compare digests in constant time. A short cache keeps the API hot path off the database.
import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.ts';
import { newId, newSecret } from '../store/ids.ts';
import { digestsEqual, sha256Hex } from '../util/hash.ts';
import { isoNow } from '../util/time.ts';

export interface ApiClient {
  id: string;
  name: string;
  kind: 'environment' | 'organization';
  organizationId: string | null;
  scopes: string[];
  /** Added to the client's access tokens as top-level claims. */
  customClaims: Record<string, string>;
  /** An application the admin barred from the management API (ClientService UpdateClient). */
  disallowApiAccess: boolean;
  /** Grant types the client may use; empty means the defaults of its kind (migration 0007). */
  grantTypes: string[];
}

export interface CreatedClient {
  client: ApiClient;
  secretId: string;
  plainSecret: string;
}

const CACHE_TTL_MS = 30_000;

export class ApiClients {
  private readonly cache = new Map<string, { client: ApiClient | undefined; at: number }>();

  constructor(private readonly db: Kysely<Database>) {}

  async create(input: {
    kind: ApiClient['kind'];
    name: string;
    organizationId?: string | null;
    id?: string;
    secret?: string;
  }): Promise<CreatedClient> {
    const now = isoNow();
    const id = input.id ?? newId('skc');
    const plainSecret = input.secret ?? `ghs_${newSecret()}`;
    const secretId = newId('sks');
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('api_clients')
        .values({
          id,
          name: input.name,
          description: '',
          kind: input.kind,
          organization_id: input.organizationId ?? null,
          scopes: '[]',
          created_at: now,
          updated_at: now,
        })
        .execute();
      await trx
        .insertInto('client_secrets')
        .values({
          id: secretId,
          client_id: id,
          secret_hash: sha256Hex(plainSecret),
          secret_suffix: plainSecret.slice(-4),
          created_at: now,
          expires_at: null,
          revoked_at: null,
        })
        .execute();
    });
    const client = {
      id,
      name: input.name,
      kind: input.kind,
      organizationId: input.organizationId ?? null,
      scopes: [],
      customClaims: {},
      disallowApiAccess: false,
      grantTypes: [],
    };
    return { client, secretId, plainSecret };
  }

  /** The client when the secret matches one of its live secrets; undefined otherwise. */
  async authenticate(clientId: string, secret: string): Promise<ApiClient | undefined> {
    const rows = await this.db
      .selectFrom('client_secrets')
      .select(['secret_hash', 'expires_at'])
      .where('client_id', '=', clientId)
      .where('revoked_at', 'is', null)
      .execute();
    const presented = sha256Hex(secret);
    const now = isoNow();
    // Check every secret (no early exit) so timing does not tell which one, if any, matched.
    let matched = false;
    for (const row of rows) {
      const live = row.expires_at === null || row.expires_at > now;
      if (digestsEqual(row.secret_hash, presented) && live) matched = true;
    }
    return matched ? this.find(clientId) : undefined;
  }

  async find(clientId: string): Promise<ApiClient | undefined> {
    const hit = this.cache.get(clientId);
    if (hit && Date.now() - hit.at < CACHE_TTL_MS) return hit.client;
    const row = await this.db
      .selectFrom('api_clients')
      .selectAll()
      .where('id', '=', clientId)
      .executeTakeFirst();
    const client: ApiClient | undefined = row && {
      id: row.id,
      name: row.name,
      kind: row.kind,
      organizationId: row.organization_id,
      scopes: JSON.parse(row.scopes) as string[],
      customClaims: JSON.parse(row.custom_claims) as Record<string, string>,
      disallowApiAccess: Number(row.disallow_api_access) === 1,
      grantTypes: JSON.parse(row.grant_types) as string[],
    };
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(clientId, { client, at: Date.now() });
    return client;
  }

  /**
   * Drops this process's cached copy of a client after a change or deletion, so its next token
   * request or API call here sees the database. Other instances keep theirs for up to 30 s.
   */
  forget(clientId: string): void {
    this.cache.delete(clientId);
  }

  async countEnvironmentClients(): Promise<number> {
    const row = await this.db
      .selectFrom('api_clients')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('kind', '=', 'environment')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
