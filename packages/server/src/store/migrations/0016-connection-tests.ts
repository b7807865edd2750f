// Migration 0016: connection tests (sso/connection-test/). An admin tries a connection against its IdP
// before enabling it; the result waits here until the admin portal reads it. The IdP requests of a
// test go through the ordinary request stores, marked with the test they belong to instead of an
// interaction. Written once; never edited after it lands.
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../database.ts';

type Db = Kysely<unknown>;

export function connectionTests(_engine: Engine): Migration {
  return {
    async up(db: Db) {
      await db.schema
        .createTable('connection_tests')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('connection_id', 'text', (c) =>
          c.notNull().references('connections.id').onDelete('cascade'),
        )
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('user_info', 'text')
        .addColumn('error', 'text')
        .addColumn('error_description', 'text')
        .addColumn('error_details', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('completed_at', 'text')
        .execute();
      await db.schema
        .createIndex('connection_tests_expiry')
        .on('connection_tests')
        .column('expires_at')
        .execute();
      // Null for a sign-in (the request is bound to an interaction); a test's id for a test.
      await db.schema.alterTable('saml_requests').addColumn('connection_test_id', 'text').execute();
      await db.schema.alterTable('oidc_login_requests').addColumn('connection_test_id', 'text').execute();
    },
  };
}
