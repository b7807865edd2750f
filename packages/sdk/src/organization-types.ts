// Organization shapes (scalekit.v1.organizations), camelCase, as returned by OrganizationClient.
import type { Metadata, Page, Timestamp } from './types.ts';

export type RegionCode = 'REGION_CODE_UNSPECIFIED' | 'US' | 'EU' | (string & {});

export interface OrganizationFeature {
  /** e.g. 'sso', 'dir_sync'. */
  name: string;
  enabled: boolean;
}

export interface OrganizationSettings {
  features: OrganizationFeature[];
}

export interface Organization {
  /** `org_…` */
  id: string;
  displayName: string;
  externalId?: string;
  metadata: Metadata;
  regionCode: RegionCode;
  slug?: string;
  logoUrl?: string;
  settings?: OrganizationSettings;
  createTime?: Timestamp;
  updateTime?: Timestamp;
}

export interface CreateOrganizationOptions {
  externalId?: string;
  metadata?: Metadata;
  slug?: string;
  logoUrl?: string;
}

/** Only the fields given are changed. */
export interface UpdateOrganizationInput {
  displayName?: string;
  externalId?: string;
  metadata?: Metadata;
  slug?: string;
  logoUrl?: string;
}

export interface ListOrganizationOptions {
  pageSize?: number;
  pageToken?: string;
  /** Only the organization with this external id. */
  externalId?: string;
}

export interface OrganizationResponse {
  organization: Organization;
}
export type CreateOrganizationResponse = OrganizationResponse;
export type GetOrganizationResponse = OrganizationResponse;
export type UpdateOrganizationResponse = OrganizationResponse;

export interface ListOrganizationsResponse extends Page {
  organizations: Organization[];
}
export type SearchOrganizationsResponse = ListOrganizationsResponse;

/** Admin-portal features a portal link opens. */
export type PortalFeature = 'sso' | 'dir_sync';

/** A single-use admin-portal link. */
export interface Link {
  id: string;
  /** The URL to send the customer's IT admin to. */
  location: string;
  expireTime?: Timestamp;
}

export interface GetPortalLinksResponse {
  links: Link[];
}

export type TimeUnit = 'MINUTES' | 'HOURS' | 'DAYS';
export type SessionPolicySource = 'APPLICATION' | 'CUSTOM';

/** What updateOrganizationSessionPolicy accepts: revert to the application's policy, or a custom one. */
export type OrganizationSessionPolicyInput =
  | { policySource: 'APPLICATION' }
  | {
      policySource: 'CUSTOM';
      absoluteSessionTimeout: number;
      absoluteSessionTimeoutUnit: TimeUnit;
      idleSessionTimeoutEnabled?: boolean;
      idleSessionTimeout?: number;
      idleSessionTimeoutUnit?: TimeUnit;
    };

export interface OrganizationSessionPolicySettings {
  policySource: SessionPolicySource | 'SESSION_POLICY_TYPE_UNSPECIFIED';
  absoluteSessionTimeout?: number | null;
  absoluteSessionTimeoutUnit?: TimeUnit | 'SESSION_TIME_UNIT_UNSPECIFIED';
  idleSessionTimeoutEnabled?: boolean;
  idleSessionTimeout?: number | null;
  idleSessionTimeoutUnit?: TimeUnit | 'SESSION_TIME_UNIT_UNSPECIFIED';
}

export interface OrganizationUserManagementSettingsInput {
  /** null or undefined removes the limit. */
  maxAllowedUsers?: number | null;
}

export interface OrganizationUserManagementSettings {
  maxAllowedUsers?: number | null;
}

export interface GetOrganizationUserManagementSettingsResponse {
  settings?: OrganizationUserManagementSettings;
}
