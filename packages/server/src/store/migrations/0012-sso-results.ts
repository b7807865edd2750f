// Migration 0012: SSO results handed from the ACS to the hosted login under a one-time token
// (sso/sso-handoff.ts). Written once; never edited after it lands.
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../database.ts';

type Db = Kysely<unknown>;

export function ssoResults(_engine: Engine): Migration {
  return {
    async up(db: Db) {
      await db.schema
        .createTable('sso_results')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('interaction_uid', 'text', (c) => c.notNull())
        .addColumn('connection_id', 'text', (c) => c.notNull())
        .addColumn('profile', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('consumed_at', 'text')
        .execute();
      await db.schema.createIndex('sso_results_expiry').on('sso_results').column('expires_at').execute();
    },
  };
}
