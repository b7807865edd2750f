// User and membership shapes (scalekit.v1.users, scalekit.v1.commons), camelCase, as returned by
// UserClient. Role and permission names here are prefixed (MembershipRole, UserPermission) because
// the roles area has its own, richer Role and Permission.
import type { Metadata, Page, Timestamp } from './types.ts';

export type MembershipStatus =
  | 'ACTIVE'
  | 'INACTIVE'
  | 'PENDING_INVITE'
  | 'INVITE_EXPIRED'
  | 'Membership_Status_UNSPECIFIED'
  | (string & {});

/** A role as a membership carries it. */
export interface MembershipRole {
  /** `role_…` */
  id: string;
  name: string;
  displayName: string;
}

export interface OrganizationMembership {
  organizationId: string;
  membershipStatus: MembershipStatus;
  roles: MembershipRole[];
  metadata: Metadata;
  /** The organization's display name. */
  displayName?: string;
  name?: string;
  /** When the member joined: the membership's creation, or the acceptance of its invitation. */
  joinTime?: Timestamp;
  inviterEmail?: string;
  createdAt?: Timestamp;
  acceptedAt?: Timestamp;
  /** For an invitation not yet accepted: when its link stops working. */
  expiresAt?: Timestamp;
  /** 'api' or 'invitation'. */
  provisioningMethod?: string;
  /** Effective permission names of the roles, inherited ones included. */
  permissions: string[];
}

export interface UserProfile {
  id: string;
  givenName: string;
  familyName: string;
  /** Deprecated spellings of givenName / familyName; kept equal to them. */
  firstName: string;
  lastName: string;
  name: string;
  locale: string;
  emailVerified: boolean;
  phoneNumber: string;
  phoneNumberVerified: boolean;
  preferredUsername: string;
  picture: string;
  gender: string;
  groups: string[];
  metadata: Metadata;
  customAttributes: Metadata;
}

export interface User {
  /** `usr_…` */
  id: string;
  environmentId: string;
  email: string;
  externalId?: string;
  memberships: OrganizationMembership[];
  userProfile?: UserProfile;
  metadata: Metadata;
  createTime?: Timestamp;
  updateTime?: Timestamp;
  lastLoginTime?: Timestamp;
}

/** Profile fields to set. `firstName`/`lastName` are what the official SDK sends. */
export interface UserProfileInput {
  firstName?: string;
  lastName?: string;
  givenName?: string;
  familyName?: string;
  name?: string;
  locale?: string;
  /** E.164, e.g. +14155552671. */
  phoneNumber?: string;
  picture?: string;
  preferredUsername?: string;
  gender?: string;
  groups?: string[];
  metadata?: Metadata;
  customAttributes?: Metadata;
}

export interface CreateUserRequest {
  email: string;
  externalId?: string;
  /** Stored as userProfile.phoneNumber. */
  phoneNumber?: string;
  userProfile?: UserProfileInput;
  metadata?: Metadata;
  /** Invite (pending until the mailed link is accepted) instead of adding as an active member. */
  sendInvitationEmail?: boolean;
  /** Additions to the official SDK: the first membership's roles, metadata and inviter. */
  roles?: string[];
  membershipMetadata?: Metadata;
  inviterEmail?: string;
}

/** Only the fields given are changed; maps and lists are replaced when non-empty. */
export interface UpdateUserRequest {
  externalId?: string;
  userProfile?: UserProfileInput;
  metadata?: Metadata;
}

export interface CreateMembershipOptions {
  roles?: string[];
  metadata?: Metadata;
  sendInvitationEmail?: boolean;
  /** Addition to the official SDK: who invited, shown in the invitation mail. */
  inviterEmail?: string;
}

/** Roles and metadata given replace the current ones; left out (or empty) means unchanged. */
export interface UpdateMembershipOptions {
  roles?: string[];
  metadata?: Metadata;
}

export interface DeleteMembershipOptions {
  /** Also delete the user when this was its last membership. Default false. */
  cascade?: boolean;
}

export interface Invite {
  organizationId: string;
  userId: string;
  inviterEmail?: string;
  /** 'pending_invite' or 'accepted'. */
  status: string;
  createdAt?: Timestamp;
  expiresAt?: Timestamp;
  resentAt?: Timestamp;
  resentCount: number;
}

export interface UserPermission {
  /** `perm_…` */
  id: string;
  name: string;
  description: string;
  tags: string[];
}

export interface UserResponse {
  user: User;
}
export type CreateUserAndMembershipResponse = UserResponse;
export type GetUserResponse = UserResponse;
export type UpdateUserResponse = UserResponse;
export type CreateMembershipResponse = UserResponse;
export type UpdateMembershipResponse = UserResponse;

export interface ListUsersResponse extends Page {
  users: User[];
}
export type SearchUsersResponse = ListUsersResponse;
export type ListOrganizationUsersResponse = ListUsersResponse;
export type SearchOrganizationUsersResponse = ListUsersResponse;

export interface ResendInviteResponse {
  invite: Invite;
}

export interface ListUserRolesResponse {
  roles: MembershipRole[];
}
export type AssignUserRolesResponse = ListUserRolesResponse;

export interface ListUserPermissionsResponse {
  permissions: UserPermission[];
}
