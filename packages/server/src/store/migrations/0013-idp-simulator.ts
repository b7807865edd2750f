// Migration 0013: the IdP simulator's signing key — one row per environment, generated on first use,
// the private key sealed under the master key so every instance signs with the same key and the
// certificate pinned on simulator connections stays valid. Written once; never edited after it lands.
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../database.ts';

type Db = Kysely<unknown>;

export function idpSimulator(_engine: Engine): Migration {
  return {
    async up(db: Db) {
      await db.schema
        .createTable('idp_simulator_keys')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('private_key', 'text', (c) => c.notNull())
        .addColumn('certificate_pem', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .execute();
    },
  };
}
