// Finding the user, organization and membership a request names, or NOT_FOUND / INVALID_ARGUMENT.
// Every lookup takes the database handle to use, so it also works inside a transaction.
import type { Kysely } from 'kysely';
import { invalidArgument, notFound } from '../contract/api-error.ts';
import { findById as findOrganization } from '../organizations/organization-store.ts';
import type { OrganizationRow } from '../organizations/organization-store.ts';
import type { Engine } from '../store/database.ts';
import type { Database } from '../store/schema.ts';
import * as memberships from './membership-store.ts';
import type { MembershipRow } from './membership-store.ts';
import * as users from './user-store.ts';
import type { UserRow } from './user-store.ts';

/** The oneof `identities` that user requests carry: a user id or an external id. */
export type UserIdentities =
  { case: 'id' | 'externalId'; value: string } | { case: undefined; value?: undefined };

export async function loadUser(db: Kysely<Database>, identities: UserIdentities): Promise<UserRow> {
  const value = identities.value?.trim();
  if (!identities.case || !value) throw invalidArgument('id or external_id is required');
  const row =
    identities.case === 'id' ? await users.findById(db, value) : await users.findByExternalId(db, value);
  if (!row) {
    throw notFound(identities.case === 'id' ? `user ${value} not found` : `no user has external_id ${value}`);
  }
  return row;
}

export function requireUser(db: Kysely<Database>, id: string, field = 'user_id'): Promise<UserRow> {
  if (!id.trim()) throw invalidArgument(`${field} is required`);
  return loadUser(db, { case: 'id', value: id });
}

export async function requireOrganization(db: Kysely<Database>, id: string): Promise<OrganizationRow> {
  const value = id.trim();
  if (!value) throw invalidArgument('organization_id is required');
  const row = await findOrganization(db, value);
  if (!row) throw notFound(`organization ${value} not found`);
  return row;
}

export async function requireMembership(
  db: Kysely<Database>,
  organizationId: string,
  userId: string,
): Promise<MembershipRow> {
  const row = await memberships.find(db, organizationId, userId);
  if (!row) throw notFound(`user ${userId} is not a member of organization ${organizationId}`);
  return row;
}

/**
 * Re-reads a user inside a transaction that will rewrite it. On PostgreSQL the row is locked until
 * commit, so two concurrent updates apply one after the other instead of one overwriting the other;
 * SQLite runs one write transaction at a time.
 */
export async function lockUser(trx: Kysely<Database>, engine: Engine, id: string): Promise<UserRow> {
  let q = trx.selectFrom('users').selectAll().where('id', '=', id);
  if (engine === 'postgres') q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound(`user ${id} not found`);
  return row;
}

/** requireMembership inside a transaction that rewrites the membership: locked on PostgreSQL, as lockUser. */
export async function lockMembership(
  trx: Kysely<Database>,
  engine: Engine,
  organizationId: string,
  userId: string,
): Promise<MembershipRow> {
  let q = trx
    .selectFrom('memberships')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('user_id', '=', userId);
  if (engine === 'postgres') q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound(`user ${userId} is not a member of organization ${organizationId}`);
  return row;
}
