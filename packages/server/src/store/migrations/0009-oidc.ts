// Migration 0009: what the OpenID provider keeps between requests — sessions, interactions, grants,
// authorization codes, refresh tokens — one row per artifact, so any instance can continue a flow
// another began; and which Gatehouse session each grant belongs to. Lookups by grant (revocation of a family) and by session uid have their own indexes.
// Written once; never edited after it lands.
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../database.ts';

type Db = Kysely<unknown>;

export function oidc(_engine: Engine): Migration {
  return {
    async up(db: Db) {
      await db.schema
        .createTable('oidc_artifacts')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('grant_id', 'text')
        .addColumn('session_uid', 'text')
        .addColumn('uid', 'text')
        .addColumn('user_code', 'text')
        .addColumn('expires_at', 'text')
        .addColumn('consumed_at', 'text')
        .addPrimaryKeyConstraint('oidc_artifacts_pk', ['kind', 'id'])
        .execute();
      await db.schema.createIndex('oidc_artifacts_grant').on('oidc_artifacts').column('grant_id').execute();
      await db.schema
        .createIndex('oidc_artifacts_session_uid')
        .on('oidc_artifacts')
        .column('session_uid')
        .execute();
      await db.schema.createIndex('oidc_artifacts_uid').on('oidc_artifacts').column('uid').execute();
      await db.schema
        .createIndex('oidc_artifacts_expiry')
        .on('oidc_artifacts')
        .column('expires_at')
        .execute();
      // Which Gatehouse session each grant (one per login) belongs to: tokens find their session here.
      await db.schema
        .createTable('oidc_grant_sessions')
        .addColumn('grant_id', 'text', (c) => c.primaryKey())
        .addColumn('session_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('oidc_grant_sessions_session')
        .on('oidc_grant_sessions')
        .column('session_id')
        .execute();
    },
  };
}
