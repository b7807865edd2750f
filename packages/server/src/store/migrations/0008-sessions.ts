// Migration 0008: user sessions — one row per sign-in on the hosted login, carrying its expiry
// times (from the organization's session policy) and how it ended (revoked, logged out).
// Written once; never edited after it lands.
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../database.ts';

type Db = Kysely<unknown>;

export function sessions(_engine: Engine): Migration {
  return {
    async up(db: Db) {
      await db.schema
        .createTable('user_sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        // No foreign key: the id stays as the record of where the session was signed in, and an
        // organization's deletion is the OIDC layer's signal to end its sessions, not the database's.
        .addColumn('organization_id', 'text')
        .addColumn('authenticated_organizations', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('authenticated_clients', 'text', (c) => c.notNull().defaultTo('[]'))
        // Unique, which also indexes it: the OIDC layer finds the session by its provider uid.
        .addColumn('oidc_session_uid', 'text', (c) => c.unique())
        .addColumn('auth_method', 'text', (c) => c.notNull())
        .addColumn('ip', 'text')
        .addColumn('user_agent', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('last_active_at', 'text', (c) => c.notNull())
        .addColumn('idle_timeout_seconds', 'integer')
        .addColumn('idle_expires_at', 'text')
        .addColumn('absolute_expires_at', 'text')
        .addColumn('revoked_at', 'text')
        .addColumn('revoked_reason', 'text')
        .addColumn('logout_at', 'text')
        .execute();
      // A user's sessions in id order (ids grow with creation time): the keyset order of
      // GetUserSessions, and the rows RevokeAllUserSessions scans.
      await db.schema
        .createIndex('user_sessions_user')
        .on('user_sessions')
        .columns(['user_id', 'id'])
        .execute();
    },
  };
}
