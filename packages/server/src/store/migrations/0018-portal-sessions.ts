// Migration 0018: admin-portal sessions, one per consumed portal link (portal/portal-session.ts).
// The token is stored hashed; the row goes with its organization. Written once; never edited after it lands.
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../database.ts';

type Db = Kysely<unknown>;

export function portalSessions(_engine: Engine): Migration {
  return {
    async up(db: Db) {
      await db.schema
        .createTable('portal_sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) =>
          c.notNull().references('organizations.id').onDelete('cascade'),
        )
        .addColumn('link_id', 'text', (c) => c.notNull())
        .addColumn('features', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('idle_expires_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('portal_sessions_expiry')
        .on('portal_sessions')
        .column('expires_at')
        .execute();
    },
  };
}
