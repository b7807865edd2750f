// Domain shapes (scalekit.v1.domains), camelCase, as returned by DomainClient.
import type { Timestamp } from './types.ts';

/** ORGANIZATION_DOMAIN routes users to the organization's SSO; ALLOWED_EMAIL_DOMAIN suggests the organization. */
export type DomainType = 'ORGANIZATION_DOMAIN' | 'ALLOWED_EMAIL_DOMAIN';

export type VerificationStatus =
  'VERIFICATION_STATUS_UNSPECIFIED' | 'PENDING' | 'VERIFIED' | 'FAILED' | 'AUTO_VERIFIED';

export type VerificationMethod = 'VERIFICATION_METHOD_UNSPECIFIED' | 'ADMIN' | 'DNS' | 'NOT_APPLICABLE';

export interface Domain {
  /** `dom_…` */
  id: string;
  /** Lower-case ASCII; an internationalized name comes back as punycode (`xn--…`). */
  domain: string;
  environmentId: string;
  organizationId: string;
  domainType: DomainType | 'DOMAIN_TYPE_UNSPECIFIED';
  verificationStatus: VerificationStatus;
  verificationMethod: VerificationMethod;
  /** The name of the DNS TXT record that proves control, e.g. `_gatehouse-verification.acme.com`. */
  txtRecordKey: string;
  /** The value that record must hold. */
  txtRecordSecret: string;
  createTime?: Timestamp;
  updateTime?: Timestamp;
}

/**
 * A domain type by name, or by the official SDK's enum number (1 = ALLOWED_EMAIL_DOMAIN,
 * 2 = ORGANIZATION_DOMAIN), so code passing `DomainType.ORGANIZATION_DOMAIN` ports unchanged.
 */
export type DomainTypeInput = DomainType | 1 | 2;

export interface CreateDomainOptions {
  /** Default: ORGANIZATION_DOMAIN. */
  domainType?: DomainTypeInput;
}

export interface ListDomainsOptions {
  /** Only domains of this type. */
  domainType?: DomainTypeInput;
  /** Results per page: default 30, at most 100. */
  pageSize?: number;
  /** 0-based page number. */
  pageNumber?: number;
}

export interface DomainResponse {
  domain: Domain;
}
export type CreateDomainResponse = DomainResponse;
export type GetDomainResponse = DomainResponse;

export interface ListDomainResponse {
  /** How many domains this page holds. */
  pageSize: number;
  /** The 0-based page number asked for. */
  pageNumber: number;
  domains: Domain[];
}

export interface VerifyDomainResponse {
  /** True once the TXT record matched (or the domain needs no proof); false while it is missing. */
  verified: boolean;
}
