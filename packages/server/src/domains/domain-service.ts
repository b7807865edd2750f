// DomainService: the domains an organization claims. ORGANIZATION_DOMAIN (SSO discovery) needs
// proof of control through a DNS TXT record before it counts; ALLOWED_EMAIL_DOMAIN (suggesting the
// organization to users whose verified email matches) is verified automatically. A domain belongs to
// at most one organization in the environment. Each change writes its event in the same transaction.
// ListAuthorizedDomains is left UNIMPLEMENTED on purpose: it answers which origins may embed the
// hosted pages for a portal link (a CSP question of the admin portal), not which domains an
// organization owns, and this version has no admin portal or allowed-origin settings to answer from.
import {
  DomainType,
  VerificationMethod,
  VerificationStatus,
  type DomainService,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js';
import type { AppContext } from '../app-context.ts';
import { alreadyExists, invalidArgument } from '../contract/api-error.ts';
import type { ServiceHandlers } from '../contract/service-registry.ts';
import { appendEvent } from '../events/event-log.ts';
import { isUniqueViolation } from '../store/database.ts';
import { newId } from '../store/ids.ts';
import { isoNow } from '../util/time.ts';
import { domainEventData, toDomain } from './domain-mapper.ts';
import { normalizeDomain } from './domain-name.ts';
import {
  checkInclude,
  domainOf,
  domainType,
  organizationOf,
  pageOf,
  refuseConnection,
} from './domain-request.ts';
import * as store from './domain-store.ts';
import { verifyHandler } from './domain-verification.ts';
import { newVerificationValue, verificationRecordName } from './verification-record.ts';

type Handlers = ServiceHandlers<typeof DomainService>;

/** A new domain row: DNS proof pending for organization domains, nothing to prove for email domains. */
function newDomainRow(organizationId: string, domain: string, type: DomainType): store.DomainRow {
  const now = isoNow();
  const dns = type === DomainType.ORGANIZATION_DOMAIN;
  return {
    id: newId('dom'),
    organization_id: organizationId,
    domain,
    domain_type: type,
    verification_status: dns ? VerificationStatus.PENDING : VerificationStatus.AUTO_VERIFIED,
    verification_method: dns ? VerificationMethod.DNS : VerificationMethod.NOT_APPLICABLE,
    txt_record_key: dns ? verificationRecordName(domain) : '',
    txt_record_secret: dns ? newVerificationValue() : '',
    verified_at: dns ? null : now,
    created_at: now,
    updated_at: now,
  };
}

export function domainHandlers(ctx: AppContext): Handlers {
  const env = ctx.environmentId;
  return {
    async createDomain(req) {
      refuseConnection(req.connectionId);
      if (!req.domain) throw invalidArgument('domain is required');
      const name = normalizeDomain(req.domain.domain);
      const type = domainType(req.domain.domainType, DomainType.ORGANIZATION_DOMAIN);
      const org = await organizationOf(ctx, req.identities);
      const row = newDomainRow(org.id, name, type);
      await ctx.db
        .transaction()
        .execute(async (trx) => {
          await store.insertDomain(trx, row);
          await appendEvent(trx, env, {
            type: 'organization.domain_created',
            organizationId: org.id,
            object: 'Domain',
            data: domainEventData(row, env),
          });
        })
        .catch((error: unknown) => {
          // Which organization holds it is not said: the answer is the same for every caller.
          if (isUniqueViolation(error)) throw alreadyExists(`domain ${name} is already registered`);
          throw error;
        });
      return { domain: toDomain(row, env) };
    },

    async getDomain(req) {
      const org = await organizationOf(ctx, req.identities);
      return { domain: toDomain(await domainOf(ctx, org, req.id), env) };
    },

    async listDomains(req) {
      refuseConnection(req.connectionId);
      checkInclude(req.include);
      const page = pageOf(req.pageSize, req.pageNumber);
      const type = domainType(req.domainType, undefined);
      const org = await organizationOf(ctx, req.identities);
      const rows = await store.listPage(ctx.db, org.id, {
        domainType: type,
        offset: page.offset,
        limit: page.size,
      });
      return {
        domains: rows.map((row) => toDomain(row, env)),
        pageSize: rows.length,
        pageNumber: page.number,
      };
    },

    // UpdateDomain carries no field in this contract (a domain's name and type never change), so
    // it checks that the domain exists and returns it unchanged; nothing changes, no event is written.
    async updateDomain(req) {
      refuseConnection(req.connectionId);
      const org = await organizationOf(ctx, req.identities);
      return { domain: toDomain(await domainOf(ctx, org, req.id), env) };
    },

    async deleteDomain(req) {
      refuseConnection(req.connectionId);
      const org = await organizationOf(ctx, req.identities);
      const row = await domainOf(ctx, org, req.id);
      await ctx.db.transaction().execute(async (trx) => {
        await store.deleteDomain(trx, row.id);
        await appendEvent(trx, env, {
          type: 'organization.domain_deleted',
          organizationId: org.id,
          object: 'Domain',
          data: domainEventData(row, env),
        });
      });
      return {};
    },

    verifyDomain: verifyHandler(ctx),
  };
}
