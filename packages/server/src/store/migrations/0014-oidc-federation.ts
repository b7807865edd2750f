// Migration 0014: the OIDC relying party's store of logins sent to an enterprise IdP and awaiting
// the callback (state, nonce, PKCE verifier), consumed once. Written once; never edited after it lands.
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../database.ts';

type Db = Kysely<unknown>;

export function oidcFederation(_engine: Engine): Migration {
  return {
    async up(db: Db) {
      // No foreign key to the connection, as for saml_requests: an orphan row only ever refuses.
      await db.schema
        .createTable('oidc_login_requests')
        .addColumn('state_hash', 'text', (c) => c.primaryKey())
        .addColumn('connection_id', 'text', (c) => c.notNull())
        .addColumn('browser_binding_hash', 'text', (c) => c.notNull())
        .addColumn('nonce', 'text', (c) => c.notNull())
        .addColumn('code_verifier_sealed', 'text')
        .addColumn('redirect_uri', 'text', (c) => c.notNull())
        .addColumn('relay_state', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('consumed_at', 'text')
        .execute();
      await db.schema
        .createIndex('oidc_login_requests_expiry')
        .on('oidc_login_requests')
        .column('expires_at')
        .execute();
    },
  };
}
