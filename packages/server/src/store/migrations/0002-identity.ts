// Migration 0002: the identity model — users, memberships and their roles, roles and permissions,
// invitations, domains, and the mail kept for the development mailbox.
// Written once; never edited after it lands.
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../database.ts';

type Db = Kysely<unknown>;

export function identity(_engine: Engine): Migration {
  return {
    async up(db: Db) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull())
        // Lower-cased email: uniqueness and lookups are case-insensitive on both engines.
        .addColumn('email_normalized', 'text', (c) => c.notNull().unique())
        .addColumn('email_verified', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('external_id', 'text', (c) => c.unique())
        .addColumn('profile', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('last_login_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      // scope is '' for environment roles and the organization id for organization roles, so one
      // unique index covers both (NULLs would not collide in a unique index).
      await db.schema
        .createTable('roles')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('scope', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('organization_id', 'text', (c) => c.references('organizations.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('extends_role_id', 'text', (c) => c.references('roles.id'))
        .addColumn('default_creator', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('default_member', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('roles_scope_name')
        .on('roles')
        .columns(['scope', 'name'])
        .unique()
        .execute();
      await db.schema.createIndex('roles_extends').on('roles').column('extends_role_id').execute();

      await db.schema
        .createTable('permissions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('role_permissions')
        .addColumn('role_id', 'text', (c) => c.notNull().references('roles.id').onDelete('cascade'))
        .addColumn('permission_id', 'text', (c) =>
          c.notNull().references('permissions.id').onDelete('cascade'),
        )
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('role_permissions_pk', ['role_id', 'permission_id'])
        .execute();
      await db.schema
        .createIndex('role_permissions_permission')
        .on('role_permissions')
        .column('permission_id')
        .execute();

      await db.schema
        .createTable('memberships')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) =>
          c.notNull().references('organizations.id').onDelete('cascade'),
        )
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        // 'active' or 'invited' (pending acceptance of an invitation)
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
        .addColumn('metadata', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('inviter_email', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      // (organization_id, user_id) is both the uniqueness rule and the keyset order of member lists.
      await db.schema
        .createIndex('memberships_org_user')
        .on('memberships')
        .columns(['organization_id', 'user_id'])
        .unique()
        .execute();
      await db.schema.createIndex('memberships_user').on('memberships').column('user_id').execute();

      await db.schema
        .createTable('membership_roles')
        .addColumn('membership_id', 'text', (c) =>
          c.notNull().references('memberships.id').onDelete('cascade'),
        )
        .addColumn('role_id', 'text', (c) => c.notNull().references('roles.id').onDelete('cascade'))
        .addPrimaryKeyConstraint('membership_roles_pk', ['membership_id', 'role_id'])
        .execute();
      await db.schema.createIndex('membership_roles_role').on('membership_roles').column('role_id').execute();

      // The default role for new members of one organization (overrides the environment default).
      await db.schema
        .alterTable('organizations')
        .addColumn('default_member_role_id', 'text', (c) => c.references('roles.id').onDelete('set null'))
        .execute();

      await db.schema
        .createTable('invitations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) =>
          c.notNull().references('organizations.id').onDelete('cascade'),
        )
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('membership_id', 'text', (c) =>
          c.notNull().references('memberships.id').onDelete('cascade'),
        )
        .addColumn('inviter_email', 'text')
        // 'pending', 'accepted', 'expired' or 'revoked'
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .addColumn('resent_at', 'text')
        .addColumn('resent_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('accepted_at', 'text')
        .execute();
      await db.schema
        .createIndex('invitations_membership')
        .on('invitations')
        .column('membership_id')
        .execute();

      await db.schema
        .createTable('domains')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('organization_id', 'text', (c) =>
          c.notNull().references('organizations.id').onDelete('cascade'),
        )
        // Lower-cased, without a trailing dot; unique: a domain belongs to at most one organization.
        .addColumn('domain', 'text', (c) => c.notNull().unique())
        .addColumn('domain_type', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('verification_status', 'integer', (c) => c.notNull())
        .addColumn('verification_method', 'integer', (c) => c.notNull())
        .addColumn('txt_record_key', 'text', (c) => c.notNull())
        .addColumn('txt_record_secret', 'text', (c) => c.notNull())
        .addColumn('verified_at', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('domains_org').on('domains').column('organization_id').execute();

      await db.schema
        .createTable('mail_messages')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('to_address', 'text', (c) => c.notNull())
        .addColumn('from_address', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('text_body', 'text', (c) => c.notNull())
        .addColumn('html_body', 'text')
        // 'smtp' (handed to the SMTP server) or 'mailbox' (kept for /dev/mailbox)
        .addColumn('transport', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('error', 'text')
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'text')
        .execute();
    },
  };
}
