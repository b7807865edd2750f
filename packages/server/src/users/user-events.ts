// The events of this area, each appended inside the transaction of the change it describes. Payloads
// are plain JSON with proto field names: data.user is the user as REST returns it, data.membership
// the membership, so a webhook handler reads event.data.user.email as Scalekit's documentation shows.
import type { Kysely } from 'kysely';
import { appendEvent } from '../events/event-log.ts';
import type { Database } from '../store/schema.ts';
import { membershipJson, userJson } from './user-mapper.ts';
import { userView, type MembershipView, type UserView } from './user-view.ts';
import type { UserRow } from './user-store.ts';

export type UserEventType = 'user.created' | 'user.updated' | 'user.deleted';
export type MembershipEventType =
  | 'organization.membership_created'
  | 'organization.membership_updated'
  | 'organization.membership_deleted'
  | 'organization.membership_invite_resent';

export async function userEvent(
  trx: Kysely<Database>,
  environmentId: string,
  type: UserEventType,
  view: UserView,
  organizationId: string | null = null,
): Promise<void> {
  await appendEvent(trx, environmentId, {
    type,
    organizationId,
    object: 'User',
    data: { user: userJson(view, environmentId) },
  });
}

export async function membershipEvent(
  trx: Kysely<Database>,
  environmentId: string,
  type: MembershipEventType,
  view: UserView,
  membership: MembershipView,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await appendEvent(trx, environmentId, {
    type,
    organizationId: membership.membership.organization_id,
    object: 'OrganizationMembership',
    data: { membership: membershipJson(membership), user: userJson(view, environmentId), ...extra },
  });
}

/** Reads the user as the transaction now sees it and records a change to one of its memberships. */
export async function membershipChanged(
  trx: Kysely<Database>,
  environmentId: string,
  type: MembershipEventType,
  user: UserRow,
  organizationId: string,
  extra: Record<string, unknown> = {},
): Promise<UserView> {
  const view = await userView(trx, user);
  const membership = view.memberships.find((m) => m.membership.organization_id === organizationId);
  if (!membership) throw new Error(`membership of ${user.id} in ${organizationId} vanished mid-transaction`);
  await membershipEvent(trx, environmentId, type, view, membership, extra);
  return view;
}
