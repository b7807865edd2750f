// The parts every DomainService request shares, checked before any logic runs: which organization
// (organization_id or external_id), which domain of it, the page asked for, the domain type.
import { DomainType } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js';
import type { AppContext } from '../app-context.ts';
import { invalidArgument, notFound } from '../contract/api-error.ts';
import { loadOrganization } from '../organizations/organization-service.ts';
import type { OrganizationRow } from '../organizations/organization-store.ts';
import { findInOrganization, type DomainRow } from './domain-store.ts';

export type Identities =
  { case: 'organizationId' | 'externalId'; value: string } | { case: undefined; value?: undefined };

export function organizationOf(ctx: AppContext, identities: Identities): Promise<OrganizationRow> {
  if (identities.case === undefined || !identities.value) {
    throw invalidArgument('organization_id or external_id is required');
  }
  const which = identities.case === 'organizationId' ? 'id' : 'externalId';
  return loadOrganization(ctx, { case: which, value: identities.value });
}

export async function domainOf(ctx: AppContext, org: OrganizationRow, id: string): Promise<DomainRow> {
  if (!id) throw invalidArgument('id is required');
  const row = await findInOrganization(ctx.db, org.id, id);
  if (!row) throw notFound(`domain ${id} not found in organization ${org.id}`);
  return row;
}

/**
 * Connections (SSO) are not part of this version, so no connection_id can name one. Saying so is
 * more honest than ignoring the field and acting on the whole organization.
 */
export function refuseConnection(connectionId: string | undefined): void {
  if (connectionId) throw notFound(`connection ${connectionId} not found`);
}

/** A domain type the contract defines; `fallback` stands in for DOMAIN_TYPE_UNSPECIFIED. */
export function domainType<T extends DomainType | undefined>(value: number, fallback: T): DomainType | T {
  if (value === DomainType.DOMAIN_TYPE_UNSPECIFIED) return fallback;
  if (value === DomainType.ALLOWED_EMAIL_DOMAIN || value === DomainType.ORGANIZATION_DOMAIN) return value;
  throw invalidArgument(`domain_type ${value} is not ALLOWED_EMAIL_DOMAIN or ORGANIZATION_DOMAIN`);
}

export const DEFAULT_PAGE_SIZE = 30;
export const MAX_PAGE_SIZE = 100;
const MAX_PAGE_NUMBER = 10_000;

/** page_size (default 30, at most 100) and page_number (0-based), as the contract documents them. */
export function pageOf(pageSize: number | undefined, pageNumber: number | undefined) {
  const size = pageSize === undefined || pageSize === 0 ? DEFAULT_PAGE_SIZE : pageSize;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw invalidArgument(`page_size must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  const number = pageNumber ?? 0;
  if (!Number.isInteger(number) || number < 0 || number > MAX_PAGE_NUMBER) {
    throw invalidArgument(`page_number must be between 0 and ${MAX_PAGE_NUMBER}`);
  }
  return { size, number, offset: size * number };
}

const INCLUDES = new Set(['verification_details']);

/** `include` names extra fields; every domain already carries its verification details. */
export function checkInclude(include: string | undefined): void {
  for (const name of (include ?? '').split(',').map((s) => s.trim())) {
    if (name !== '' && !INCLUDES.has(name)) {
      throw invalidArgument(`include: unknown field "${name.slice(0, 64)}" (known: verification_details)`);
    }
  }
}
