// Migration 0017: the SAML service provider's keys — the environment's key pair and self-signed
// certificate with which Gatehouse signs AuthnRequests and IdPs encrypt assertions to it. The
// private key is sealed under the master key. At most one key is `active` (given to connections that
// turn signing or encryption on) and at most one is `next` (published ahead of a rollover): a partial
// unique index makes a second concurrent creation fail instead of duplicating. Written once; never
// edited after it lands.
import { sql, type Kysely, type Migration } from 'kysely';
import type { Engine } from '../database.ts';

type Db = Kysely<unknown>;

export function samlSpKeys(_engine: Engine): Migration {
  return {
    async up(db: Db) {
      await db.schema
        .createTable('saml_sp_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('private_key', 'text', (c) => c.notNull())
        .addColumn('certificate_pem', 'text', (c) => c.notNull())
        .addColumn('not_before', 'text', (c) => c.notNull())
        .addColumn('not_after', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      // Partial indexes: the same statement on SQLite and PostgreSQL.
      await sql`create unique index saml_sp_keys_one_per_status on saml_sp_keys (status) where status <> 'retired'`.execute(
        db,
      );
    },
  };
}
