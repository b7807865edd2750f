// User views as contract messages, and the event payloads that describe users and memberships.
import { create, toJson, type MessageInitShape } from '@bufbuild/protobuf';
import {
  MembershipStatus,
  type OrganizationMembershipSchema,
  type RoleSchema,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/commons/commons_pb.js';
import { UserSchema } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/users/users_pb.js';
import { isoNow, toTimestamp } from '../util/time.ts';
import type { RoleRef } from './membership-store.ts';
import { readProfile } from './user-input.ts';
import type { MembershipView, UserView } from './user-view.ts';

export type UserInit = MessageInitShape<typeof UserSchema>;
type MembershipInit = MessageInitShape<typeof OrganizationMembershipSchema>;
type RoleInit = MessageInitShape<typeof RoleSchema>;

/** Active, invited and waiting, or invited too long ago: the invitation's expiry decides, at read time. */
export function membershipStatus(view: Pick<MembershipView, 'membership' | 'invitation'>): MembershipStatus {
  if (view.membership.status === 'active') return MembershipStatus.ACTIVE;
  const expiresAt = view.invitation?.expires_at;
  return expiresAt && expiresAt > isoNow()
    ? MembershipStatus.PENDING_INVITE
    : MembershipStatus.INVITE_EXPIRED;
}

const STATUS_NAMES: Partial<Record<MembershipStatus, string>> = {
  [MembershipStatus.ACTIVE]: 'active',
  [MembershipStatus.PENDING_INVITE]: 'pending_invite',
  [MembershipStatus.INVITE_EXPIRED]: 'invite_expired',
};

export function toRole(role: RoleRef): RoleInit {
  return { id: role.id, name: role.name, displayName: role.display_name };
}

function toMembership(view: MembershipView): MembershipInit {
  const { membership, invitation } = view;
  const status = membershipStatus(view);
  const acceptedAt = invitation?.accepted_at ?? undefined;
  return {
    organizationId: membership.organization_id,
    // A member joined when the membership was made, or when they accepted its invitation.
    joinTime:
      status === MembershipStatus.ACTIVE ? toTimestamp(acceptedAt ?? membership.created_at) : undefined,
    membershipStatus: status,
    roles: view.roles.map(toRole),
    name: view.organizationName,
    displayName: view.organizationName,
    metadata: JSON.parse(membership.metadata) as Record<string, string>,
    inviterEmail: membership.inviter_email ?? undefined,
    createdAt: toTimestamp(membership.created_at),
    acceptedAt: acceptedAt ? toTimestamp(acceptedAt) : undefined,
    expiresAt:
      invitation && status !== MembershipStatus.ACTIVE ? toTimestamp(invitation.expires_at) : undefined,
    provisioningMethod: invitation ? 'invitation' : 'api',
    permissions: view.permissions,
  };
}

export function toUser(view: UserView, environmentId: string): UserInit {
  const { user } = view;
  const profile = readProfile(user.profile);
  return {
    id: user.id,
    environmentId,
    createTime: toTimestamp(user.created_at),
    updateTime: toTimestamp(user.updated_at),
    email: user.email,
    externalId: user.external_id ?? undefined,
    memberships: view.memberships.map(toMembership),
    userProfile: {
      id: user.id,
      givenName: profile.given_name,
      familyName: profile.family_name,
      // The deprecated spellings still carry the names: the official SDK's examples read them.
      firstName: profile.given_name,
      lastName: profile.family_name,
      name: profile.name,
      locale: profile.locale,
      emailVerified: user.email_verified === 1,
      phoneNumber: profile.phone_number,
      metadata: profile.metadata,
      customAttributes: profile.custom_attributes,
      preferredUsername: profile.preferred_username,
      picture: profile.picture,
      gender: profile.gender,
      groups: profile.groups,
    },
    metadata: JSON.parse(user.metadata) as Record<string, string>,
    lastLoginTime: user.last_login_at ? toTimestamp(user.last_login_at) : undefined,
  };
}

/** The webhook/event form of a user: the REST JSON (proto field names), as handlers read `data.user.email`. */
export function userJson(view: UserView, environmentId: string): Record<string, unknown> {
  const message = create(UserSchema, toUser(view, environmentId));
  return toJson(UserSchema, message, { useProtoFieldName: true, alwaysEmitImplicit: true }) as Record<
    string,
    unknown
  >;
}

/** The webhook/event form of a membership. */
export function membershipJson(view: MembershipView): Record<string, unknown> {
  const { membership } = view;
  return {
    id: membership.id,
    organization_id: membership.organization_id,
    user_id: membership.user_id,
    status: STATUS_NAMES[membershipStatus(view)] ?? 'active',
    roles: view.roles.map(({ id, name, display_name }) => ({ id, name, display_name })),
    metadata: JSON.parse(membership.metadata) as Record<string, string>,
    inviter_email: membership.inviter_email,
    create_time: membership.created_at,
    update_time: membership.updated_at,
  };
}
