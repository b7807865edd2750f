// Organization domains: the same method names, argument order and result shapes as the official
// SDK's `scalekit.domain`, over the REST routes of scalekit.v1.domains.DomainService. verifyDomain
// is an addition: the official SDK has no method for the contract's VerifyDomain.
import type {
  CreateDomainOptions,
  CreateDomainResponse,
  DomainType,
  DomainTypeInput,
  GetDomainResponse,
  ListDomainResponse,
  ListDomainsOptions,
  VerifyDomainResponse,
} from './domain-types.ts';
import { invalidArgument } from './errors.ts';
import type { HttpClient } from './http.ts';
import { requireField } from './response.ts';
import type { Empty } from './types.ts';
import { apiPath } from './url.ts';

const TYPE_BY_NUMBER: Record<number, DomainType> = { 1: 'ALLOWED_EMAIL_DOMAIN', 2: 'ORGANIZATION_DOMAIN' };

function domainTypeName(value: DomainTypeInput | undefined): DomainType | undefined {
  if (value === undefined) return undefined;
  const name = typeof value === 'number' ? TYPE_BY_NUMBER[value] : value;
  if (name !== 'ALLOWED_EMAIL_DOMAIN' && name !== 'ORGANIZATION_DOMAIN') {
    throw invalidArgument(
      `Invalid domain type: ${String(value)}. Expected ALLOWED_EMAIL_DOMAIN or ORGANIZATION_DOMAIN`,
    );
  }
  return name;
}

// Every method is async, so invalid arguments reject the returned promise instead of throwing.
export class DomainClient {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  async createDomain(
    organizationId: string,
    name: string,
    options: CreateDomainOptions = {},
  ): Promise<CreateDomainResponse> {
    if (!name?.trim()) throw invalidArgument('name (the domain) is required');
    const domainType = domainTypeName(options.domainType);
    const response = await this.#http.request<CreateDomainResponse>({
      method: 'POST',
      path: apiPath`/api/v1/organizations/${organizationId}/domains`,
      body: domainType ? { domain: name, domainType } : { domain: name },
    });
    return { ...response, domain: requireField(response, 'domain', 'createDomain') };
  }

  async getDomain(organizationId: string, domainId: string): Promise<GetDomainResponse> {
    const response = await this.#http.request<GetDomainResponse>({
      method: 'GET',
      path: apiPath`/api/v1/organizations/${organizationId}/domains/${domainId}`,
    });
    return { ...response, domain: requireField(response, 'domain', 'getDomain') };
  }

  async listDomains(organizationId: string, options: ListDomainsOptions = {}): Promise<ListDomainResponse> {
    const response = await this.#http.request<Partial<ListDomainResponse>>({
      method: 'GET',
      path: apiPath`/api/v1/organizations/${organizationId}/domains`,
      query: {
        domainType: domainTypeName(options.domainType),
        pageSize: options.pageSize,
        pageNumber: options.pageNumber,
      },
    });
    const domains = Array.isArray(response.domains) ? response.domains : [];
    return { pageSize: response.pageSize ?? domains.length, pageNumber: response.pageNumber ?? 0, domains };
  }

  /** Checks the domain's DNS TXT record now; `verified` is false while the record is missing or wrong. */
  async verifyDomain(organizationId: string, domainId: string): Promise<VerifyDomainResponse> {
    const response = await this.#http.request<Partial<VerifyDomainResponse>>({
      method: 'PATCH',
      path: `${apiPath`/api/v1/organizations/${organizationId}/domains/${domainId}`}:verify`,
    });
    return { verified: response.verified === true };
  }

  async deleteDomain(organizationId: string, domainId: string): Promise<Empty> {
    return this.#http.request<Empty>({
      method: 'DELETE',
      path: apiPath`/api/v1/organizations/${organizationId}/domains/${domainId}`,
    });
  }
}
