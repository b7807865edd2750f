// Migration 0005: what an organization's M2M client carries into its tokens besides `oid` and
// `scope`: custom claims (a JSON object of string values) and audience (a JSON array), plus an
// index so an organization's clients are listed without scanning every client.
// Written once; never edited after it lands.
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../database.ts';

type Db = Kysely<unknown>;

export function clientClaims(_engine: Engine): Migration {
  return {
    async up(db: Db) {
      await db.schema
        .alterTable('api_clients')
        .addColumn('custom_claims', 'text', (c) => c.notNull().defaultTo('{}'))
        .execute();
      await db.schema
        .alterTable('api_clients')
        .addColumn('audience', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute();
      await db.schema
        .createIndex('api_clients_organization')
        .on('api_clients')
        .columns(['organization_id', 'id'])
        .execute();
    },
  };
}
