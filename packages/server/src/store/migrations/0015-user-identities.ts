// Migration 0015: the IdP identities people sign in with (one row per user and SSO connection,
// sso/user-identities.ts), and the connection a session was started through, so the ID tokens of
// that session can name it. Written once; never edited after it lands.
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../database.ts';

type Db = Kysely<unknown>;

export function userIdentities(_engine: Engine): Migration {
  return {
    async up(db: Db) {
      await db.schema
        .createTable('user_identities')
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('connection_id', 'text', (c) =>
          c.notNull().references('connections.id').onDelete('cascade'),
        )
        .addColumn('organization_id', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('raw_attributes', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('raw_attributes_truncated', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('first_login_at', 'text', (c) => c.notNull())
        .addColumn('last_login_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('user_identities_pk', ['user_id', 'connection_id'])
        .execute();
      // Deleting a connection cascades through this index rather than a scan.
      await db.schema
        .createIndex('user_identities_connection')
        .on('user_identities')
        .column('connection_id')
        .execute();
      // No foreign key: the identity rows go with the connection, so a session whose connection is
      // gone simply finds no identity.
      await db.schema.alterTable('user_sessions').addColumn('connection_id', 'text').execute();
    },
  };
}
