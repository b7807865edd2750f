// Migration 0011: the SAML service provider's stores — AuthnRequests awaiting their response
// (consumed once) and the assertion ids already accepted (remembered until they expire, so the same
// response posted twice is refused on every instance). Written once; never edited after it lands.
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../database.ts';

type Db = Kysely<unknown>;

export function saml(_engine: Engine): Migration {
  return {
    async up(db: Db) {
      // No foreign key to the connection: this engine is independent of the connection model, and an
      // orphan row only ever refuses (it expires on its own).
      await db.schema
        .createTable('saml_requests')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('connection_id', 'text', (c) => c.notNull())
        .addColumn('relay_state', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('consumed_at', 'text')
        .execute();
      await db.schema.createIndex('saml_requests_expiry').on('saml_requests').column('expires_at').execute();
      await db.schema
        .createTable('saml_assertions_seen')
        .addColumn('connection_id', 'text', (c) => c.notNull())
        .addColumn('assertion_id', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        // The primary key is the replay check: a second insert of the same id fails atomically.
        .addPrimaryKeyConstraint('saml_assertions_seen_pk', ['connection_id', 'assertion_id'])
        .execute();
      await db.schema
        .createIndex('saml_assertions_seen_expiry')
        .on('saml_assertions_seen')
        .column('expires_at')
        .execute();
    },
  };
}
