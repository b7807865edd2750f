// Migration 0010: enterprise SSO connections (SAML and OIDC) and the organization domains assigned
// to them. Written once; never edited after it lands.
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../database.ts';

type Db = Kysely<unknown>;

export function connections(_engine: Engine): Migration {
  return {
    async up(db: Db) {
      await db.schema
        .createTable('connections')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) => c.references('organizations.id').onDelete('cascade'))
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('debug_enabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('ui_button_title', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('configuration_type', 'text', (c) => c.notNull())
        .addColumn('key_id', 'text')
        .addColumn('provider_key', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('saml_config', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('oidc_config', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('attribute_mapping', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      // An organization's connections in creation (id) order: ListConnections by organization.
      await db.schema
        .createIndex('connections_organization')
        .on('connections')
        .columns(['organization_id', 'id'])
        .execute();
      await db.schema
        .createTable('connection_domains')
        .addColumn('connection_id', 'text', (c) =>
          c.notNull().references('connections.id').onDelete('cascade'),
        )
        // Unique: a domain routes to at most one connection (home-realm discovery must be unambiguous).
        .addColumn('domain_id', 'text', (c) =>
          c.notNull().unique().references('domains.id').onDelete('cascade'),
        )
        .addPrimaryKeyConstraint('connection_domains_pk', ['connection_id', 'domain_id'])
        .execute();
    },
  };
}
