// Migration 0006: end-user credentials — password hashes, password-reset tokens, passwordless
// (OTP and magic-link) requests, and the fixed-window counters that limit credential attempts
// across every instance sharing the database.
// Written once; never edited after it lands.
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../database.ts';

type Db = Kysely<unknown>;

export function credentials(_engine: Engine): Migration {
  return {
    async up(db: Db) {
      await db.schema
        .createTable('user_passwords')
        .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
        // An argon2id PHC string: algorithm, parameters and salt travel with the hash.
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('password_resets')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        // SHA-256 of the token mailed to the user; the token itself is never stored.
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('used_at', 'text')
        .execute();
      await db.schema.createIndex('password_resets_user').on('password_resets').column('user_id').execute();
      await db.schema
        .createIndex('password_resets_expires')
        .on('password_resets')
        .column('expires_at')
        .execute();

      await db.schema
        .createTable('passwordless_requests')
        // plr_…: the auth_request_id of the contract.
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
        // HMAC of the one-time code (null when only a link was sent).
        .addColumn('code_hash', 'text')
        // SHA-256 of the magic-link token (null when only a code was sent).
        .addColumn('link_token_hash', 'text', (c) => c.unique())
        .addColumn('state', 'text')
        .addColumn('magiclink_auth_uri', 'text')
        // 'SIGNIN' or 'SIGNUP'
        .addColumn('template', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        // The lifetime asked for, in seconds: a resend gives the new code as long again.
        .addColumn('expires_in', 'integer', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('resends', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('consumed_at', 'text')
        .addColumn('last_sent_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('passwordless_requests_expires')
        .on('passwordless_requests')
        .column('expires_at')
        .execute();

      await db.schema
        .createTable('credential_attempts')
        // e.g. 'login-account:ada@example.com', 'login-ip:192.0.2.1'
        .addColumn('bucket', 'text', (c) => c.primaryKey())
        .addColumn('window_start', 'text', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('credential_attempts_window')
        .on('credential_attempts')
        .column('window_start')
        .execute();
    },
  };
}
