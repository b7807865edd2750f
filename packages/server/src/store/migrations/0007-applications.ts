// Migration 0007: an environment API client is also the OAuth application of the hosted login, so
// api_clients gains what an application is configured with: its callback URLs (JSON arrays), where
// login starts, its token lifetime, grant types and client type, and two switches. Booleans are
// integers 0/1, as elsewhere in the schema, so both engines store them alike.
// Written once; never edited after it lands.
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../database.ts';

type Db = Kysely<unknown>;

const JSON_LISTS = [
  'post_login_uris',
  'post_logout_redirect_uris',
  'back_channel_logout_uris',
  'grant_types',
];

export function applications(_engine: Engine): Migration {
  return {
    async up(db: Db) {
      // One column per statement: SQLite's ALTER TABLE adds a single column at a time.
      for (const column of JSON_LISTS) {
        await db.schema
          .alterTable('api_clients')
          .addColumn(column, 'text', (c) => c.notNull().defaultTo('[]'))
          .execute();
      }
      await db.schema.alterTable('api_clients').addColumn('initiate_login_uri', 'text').execute();
      await db.schema.alterTable('api_clients').addColumn('access_token_ttl_seconds', 'integer').execute();
      await db.schema
        .alterTable('api_clients')
        .addColumn('client_type', 'text', (c) => c.notNull().defaultTo('confidential'))
        .execute();
      await db.schema
        .alterTable('api_clients')
        .addColumn('enforce_pkce', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .alterTable('api_clients')
        .addColumn('disallow_api_access', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  };
}
